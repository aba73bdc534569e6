package hiy.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineCheckTest {
    @Test
    void acceptsAPodmanWhoseApiRangeHoldsHiysVersion() {
        assertDoesNotThrow(() -> EngineCheck.requireApi("4.3.1", "1.24", "1.41"));
        assertDoesNotThrow(() -> EngineCheck.requireApi("5.0.0", "1.24", "1.44"));
    }

    @Test
    void refusesAnApiRangeWithoutHiysVersionAndSaysWhatToInstall() {
        RuntimeFailure old = assertThrows(RuntimeFailure.class, () -> EngineCheck.requireApi("3.0.1", "1.24", "1.40"));
        assertEquals("Podman 3.0.1 serves Docker API versions 1.24 to 1.40 but HIY speaks 1.41: install Podman 4"
                + " (sudo apt-get install podman on Debian 12)", old.getMessage());
        assertThrows(RuntimeFailure.class, () -> EngineCheck.requireApi("9.0", "1.42", "1.50"));
        assertThrows(RuntimeFailure.class, () -> EngineCheck.requireApi("?", null, null));
    }

    @Test
    void comparesVersionsByNumberNotByText() {
        assertTrue(EngineCheck.compare("1.41", "1.9") > 0);
        assertEquals(0, EngineCheck.compare("1.41", "1.41.0"));
        assertTrue(EngineCheck.compare("1.40", "1.41") < 0);
    }

    @Test
    void namesThePackageForWhatPodmanSaysIsMissing() {
        assertTrue(EngineCheck.fixFor("container-init binary not found on the host: stat /usr/libexec/podman/catatonit:"
                + " no such file or directory").contains("apt-get install catatonit"));
        assertTrue(EngineCheck.fixFor("Error: default OCI runtime \"runc\" not found: invalid argument")
                .contains("apt-get install runc"));
        assertTrue(EngineCheck.fixFor("Error: could not find a working conmon binary").contains("apt-get install conmon"));
        assertTrue(EngineCheck.fixFor("runc create failed: error setting rlimits for ready process: error setting rlimit"
                + " type 7: operation not permitted").contains("infra/podman/configure.sh"));
        assertTrue(EngineCheck.fixFor("something else").contains("infra/check-deps.sh"));
    }
}
