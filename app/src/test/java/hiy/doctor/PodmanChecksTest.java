package hiy.doctor;

import hiy.runtime.EngineInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PodmanChecksTest {
    private static EngineInfo info(boolean rootless, int cgroup, List<String> controllers) {
        return new EngineInfo("4.3.1", "runc", "/usr/bin/runc", "runc version 1.1.5+ds1", rootless, cgroup, controllers,
                "cgroupfs", "/var/lib/containers/storage", 100, 10);
    }

    @Test
    void rootlessOnCgroupV1WarnsThatLimitsAreNotEnforcedAndWhy() {
        Finding f = PodmanChecks.limits(info(true, 1, List.of()));
        assertEquals(Finding.Level.WARN, f.level());
        assertTrue(f.detail().startsWith("cgroup v1 (cgroupfs): limits NOT enforced: rootless Podman on cgroup v1"
                + " ignores memory and CPU limits"), f.detail());
        assertTrue(f.fix().contains("cgroup v2"), f.fix());
    }

    @Test
    void rootfulOrRootlessWithDelegatedControllersEnforceLimits() {
        assertEquals(Finding.Level.OK, PodmanChecks.limits(info(false, 1, List.of())).level());
        assertEquals(Finding.Level.OK, PodmanChecks.limits(info(true, 2, List.of("cpu", "memory", "pids"))).level());
        Finding undelegated = PodmanChecks.limits(info(true, 2, List.of("pids")));
        assertEquals(Finding.Level.WARN, undelegated.level());
        assertTrue(undelegated.detail().contains("memory, cpu"), undelegated.detail());
        assertTrue(undelegated.fix().contains("Delegate="), undelegated.fix());
    }

    @Test
    void runtimeAndRootlessAreDescribed() {
        assertEquals("runc 1.1.5+ds1 (/usr/bin/runc)", PodmanChecks.runtime(info(false, 1, List.of())).detail());
        assertTrue(PodmanChecks.rootless(info(true, 2, List.of())).detail().startsWith("yes"));
        assertTrue(PodmanChecks.rootless(info(false, 2, List.of())).detail().startsWith("no"));
    }

    @Test
    void noPodmanNamesWhereItLookedAndHowToStartOne() {
        Finding configured = PodmanChecks.noPodman("/run/x.sock", List.of("/run/x.sock"));
        assertEquals(Finding.Level.FAIL, configured.level());
        assertEquals("podman system service --time=0 unix:///run/x.sock, or unset HIY_PODMAN_SOCKET to let HIY start"
                + " its own", configured.fix());
        Finding chosen = PodmanChecks.noPodman(null, List.of("/d/podman.sock", "/run/podman/podman.sock"));
        assertEquals("no Podman API answers on /d/podman.sock, /run/podman/podman.sock", chosen.detail());
    }

    @Test
    void aMessageThatEndsWithItsFixIsPrintedOnceWithoutIt() {
        assertEquals("Podman cannot start a container (stat catatonit)",
                PodmanChecks.withoutFix("Podman cannot start a container (stat catatonit): install it", "install it"));
        assertEquals("something else", PodmanChecks.withoutFix("something else", "install it"));
    }
}
