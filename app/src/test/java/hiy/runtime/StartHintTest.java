package hiy.runtime;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartHintTest {
    @Test
    void aTakenPortPointsAtWhatHoldsItOnlyWhenThePortWasPublished() {
        String taken = "rootlessport listen tcp 127.0.0.1:8080: bind: address already in use";
        assertTrue(PodmanContainers.startHint(taken, true).contains("ss -ltnp"));
        assertEquals("", PodmanContainers.startHint(taken, false));
    }

    @Test
    void aNetworkPodmanCannotFindPointsAtVarLibCniWhenThatIsMissing() {
        String lost = "unable to find network with name or ID hiy-1-app: network not found";
        String hint = PodmanContainers.startHint(lost, true);
        if (Files.isDirectory(Path.of("/var/lib/cni"))) {
            assertEquals("", hint, "with /var/lib/cni there the cause is another one");
        } else {
            assertTrue(hint.contains("mkdir -p /var/lib/cni"), hint);
        }
    }

    @Test
    void otherFailuresGetNoHint() {
        assertEquals("", PodmanContainers.startHint("OCI runtime error: crun: executable file not found", true));
    }
}
