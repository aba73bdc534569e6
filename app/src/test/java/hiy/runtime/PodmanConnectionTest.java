package hiy.runtime;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

// Only in the rootful pass (infra/test.sh): HIY starting its own Podman service in this JVM, as root; as the user
// hiy, KillTest and FaultsTest prove it
@Tag("e2e")
@Tag("rootful-only")
class PodmanConnectionTest {
    @TempDir
    Path dataDir;

    @BeforeEach
    void noSystemServiceIsRunning() {
        assumeFalse(Files.exists(Path.of("/run/podman/podman.sock")),
                "a Podman service already answers on /run/podman/podman.sock");
    }

    @Test
    void startsItsOwnServiceWhenNoneAnswersAndStopsItOnClose() throws Exception {
        Path socket = dataDir.resolve("podman.sock");
        try (PodmanConnection podman = PodmanConnection.open(null, dataDir)) {
            assertTrue(podman.startedByHiy());
            assertEquals(socket.toString(), podman.socket());
            assertNotNull(podman.client().versionCmd().exec().getVersion());
            assertTrue(Files.exists(dataDir.resolve("podman-service.log")));

            try (PodmanConnection second = PodmanConnection.open(podman.socket(), dataDir.resolve("unused"))) {
                assertFalse(second.startedByHiy(), "a configured socket that answers is used as it is");
            }
        }
        RuntimeFailure gone = assertThrows(RuntimeFailure.class, () -> PodmanConnection.open(socket.toString(), dataDir));
        assertTrue(gone.getMessage().contains(socket.toString()), gone.getMessage());
    }

    @Test
    void theServiceAnHiyStartedBeforeItCrashedIsTakenBackNotStartedTwice() throws Exception {
        // The first HIY "crashes": it never closes its connection, and its service keeps running.
        PodmanConnection crashed = PodmanConnection.open(null, dataDir);
        long first = crashed.servicePid().orElseThrow();
        try (crashed; PodmanConnection again = PodmanConnection.open(null, dataDir)) {
            assertEquals(first, again.servicePid().orElseThrow(), "the same service, not a second one");
            assertNotNull(again.client().versionCmd().exec().getVersion());
            assertEquals(1, ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                    .map(c -> c.contains("unix://" + dataDir.resolve("podman.sock"))).orElse(false)).count());

            new ProcessBuilder("kill", "-9", Long.toString(first)).start().waitFor();
            assertTrue(again.ensureAlive());
            assertNotEquals(first, again.servicePid().orElseThrow());
        }
        assertFalse(Files.exists(dataDir.resolve("podman-service.pid")), "stopped and forgotten on close");
    }

    @Test
    void aConfiguredSocketThatDoesNotAnswerSaysHowToStartIt() {
        Path socket = dataDir.resolve("nobody.sock");
        RuntimeFailure failure = assertThrows(RuntimeFailure.class,
                () -> PodmanConnection.open("unix://" + socket, dataDir));
        assertTrue(failure.getMessage().contains("podman system service --time=0 unix://" + socket), failure.getMessage());
    }
}
