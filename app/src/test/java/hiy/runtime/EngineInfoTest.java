package hiy.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading libpod's /info as Podman 4.3.1 answers it (trimmed), and the rule for whether limits are enforced. */
class EngineInfoTest {
    private static final String ROOTFUL = """
            {"host": {"cgroupManager": "cgroupfs", "cgroupVersion": "v1", "cgroupControllers": [],
                      "ociRuntime": {"name": "runc", "path": "/usr/bin/runc",
                                     "version": "runc version 1.1.5+ds1\\ncommit: 1.1.5+ds1-1+deb12u1"},
                      "security": {"rootless": false}},
             "store": {"graphRoot": "/var/lib/containers/storage", "graphRootAllocated": 270583287808,
                       "graphRootUsed": 25876963328},
             "version": {"APIVersion": "4.3.1", "Version": "4.3.1"}}""";

    @Test
    void readsWhatDoctorAndTheLimitsRuleNeed() throws Exception {
        EngineInfo info = EngineInfo.parse(new ObjectMapper().readTree(ROOTFUL));
        assertEquals("4.3.1", info.version());
        assertEquals("runc", info.runtimeName());
        assertEquals("/usr/bin/runc", info.runtimePath());
        assertEquals("runc version 1.1.5+ds1", info.runtimeVersion());
        assertFalse(info.rootless());
        assertEquals(1, info.cgroupVersion());
        assertEquals("/var/lib/containers/storage", info.graphRoot());
        assertEquals(270583287808L, info.graphRootAllocated());
        assertEquals(25876963328L, info.graphRootUsed());
        assertTrue(info.limitsNotEnforced().isEmpty(), "rootful Podman enforces limits on cgroup v1");
    }

    @Test
    void rootlessOnCgroupV1IgnoresLimits() throws Exception {
        EngineInfo info = EngineInfo.parse(new ObjectMapper().readTree(ROOTFUL.replace("\"rootless\": false",
                "\"rootless\": true")));
        assertTrue(info.limitsNotEnforced().orElseThrow().contains("cgroup v1"));
    }

    @Test
    void rootlessOnCgroupV2NeedsTheMemoryAndCpuControllers() throws Exception {
        String v2 = ROOTFUL.replace("\"rootless\": false", "\"rootless\": true").replace("\"v1\"", "\"v2\"");
        EngineInfo delegated = EngineInfo.parse(new ObjectMapper().readTree(
                v2.replace("\"cgroupControllers\": []", "\"cgroupControllers\": [\"cpu\", \"memory\", \"pids\"]")));
        assertEquals(2, delegated.cgroupVersion());
        assertEquals(List.of("cpu", "memory", "pids"), delegated.cgroupControllers());
        assertTrue(delegated.limitsNotEnforced().isEmpty());
        EngineInfo bare = EngineInfo.parse(new ObjectMapper().readTree(v2));
        assertTrue(bare.limitsNotEnforced().orElseThrow().contains("memory, cpu"));
    }

    @Test
    void anAnswerWithoutTheFieldsGivesEmptyValuesNotAnError() throws Exception {
        EngineInfo info = EngineInfo.parse(new ObjectMapper().readTree("{}"));
        assertEquals("", info.runtimeName());
        assertEquals(0, info.cgroupVersion());
        assertFalse(info.rootless());
    }
}
