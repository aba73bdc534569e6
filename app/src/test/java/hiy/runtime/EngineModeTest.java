package hiy.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineModeTest {
    @Test
    void rootlessOnCgroupV1EnforcesNoLimitsAndSaysWhatWouldChangeIt() throws Exception {
        EngineMode mode = EngineMode.parse(new ObjectMapper().readTree("""
                {"host": {"cgroupVersion": "v1", "cgroupControllers": [], "security": {"rootless": true}}}"""));
        assertEquals(new EngineMode(true, 1, List.of()), mode);
        EngineMode.Limits limits = mode.limits();
        assertFalse(limits.enforced());
        assertTrue(limits.reason().contains("cgroup v1"), limits.reason());
        assertTrue(limits.reason().contains("HIY_ROOTFUL=1"), limits.reason());
        assertEquals("rootless, cgroup v1", mode.describe());
    }

    @Test
    void rootfulEnforcesLimitsOnEitherCgroupVersion() throws Exception {
        EngineMode v1 = EngineMode.parse(new ObjectMapper().readTree("""
                {"host": {"cgroupVersion": "v1", "cgroupControllers": ["cpu", "memory"], "security": {"rootless": false}}}"""));
        assertTrue(v1.limits().enforced());
        assertTrue(new EngineMode(false, 2, List.of()).limits().enforced());
    }

    @Test
    void rootlessOnCgroupV2NeedsTheMemoryAndCpuControllersDelegated() {
        assertTrue(new EngineMode(true, 2, List.of("cpuset", "cpu", "io", "memory", "pids")).limits().enforced());
        EngineMode.Limits onlyMemory = new EngineMode(true, 2, List.of("memory", "pids")).limits();
        assertFalse(onlyMemory.enforced());
        assertTrue(onlyMemory.reason().contains("controller(s) cpu (not delegated"), onlyMemory.reason());
    }

    @Test
    void anAnswerThatDoesNotSayHowPodmanRunsIsRefusedRatherThanGuessed() throws Exception {
        for (String answer : List.of("{}", """
                {"host": {"cgroupVersion": "v1", "security": {}}}""", """
                {"host": {"cgroupVersion": "v3", "security": {"rootless": true}}}""")) {
            assertThrows(IllegalArgumentException.class, () -> EngineMode.parse(new ObjectMapper().readTree(answer)));
        }
    }
}
