package hiy.routing;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("e2e")
class CaddyProcessTest {
    @TempDir
    Path caddyDir;

    @Test
    void reusesACaddyThatAlreadyAnswersAndLeavesItRunning() throws Exception {
        URI admin = URI.create("http://127.0.0.1:" + Ports.free());
        try (CaddyProcess first = CaddyProcess.ensureRunning(admin, caddyDir, Ports.free(), Ports.free())) {
            assertTrue(first.startedByHiy());
            CaddyProcess second = CaddyProcess.ensureRunning(admin, caddyDir.resolve("other"), 1, 2);
            assertFalse(second.startedByHiy());
            second.close();
            assertTrue(new CaddyAdmin(admin).answers());
        }
        assertFalse(new CaddyAdmin(admin).answers());
    }

    @Test
    void theCaddyAnHiyStartedBeforeItCrashedIsLookedAfterAgain() throws Exception {
        URI admin = URI.create("http://127.0.0.1:" + Ports.free());
        int http = Ports.free();
        int https = Ports.free();
        // The first HIY "crashes": it never closes its CaddyProcess, and its Caddy keeps running.
        CaddyProcess crashed = CaddyProcess.ensureRunning(admin, caddyDir, http, https);
        long first = crashed.pid().orElseThrow();
        try (crashed; CaddyProcess again = CaddyProcess.ensureRunning(admin, caddyDir, http, https)) {
            assertTrue(again.startedByHiy());
            assertEquals(first, again.pid().orElseThrow(), "the same Caddy, not a second one");

            new ProcessBuilder("kill", "-9", Long.toString(first)).start().waitFor();
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertTrue(again.ensureAlive());
            assertNotEquals(first, again.pid().orElseThrow());
            while (!new CaddyAdmin(admin).answers() && System.nanoTime() < end) Thread.sleep(50);
            assertTrue(new CaddyAdmin(admin).answers(), "restarted");
        }
        assertFalse(new CaddyAdmin(admin).answers(), "stopped on close");
    }

    @Test
    void anHttpPortInUseIsNamedWithTheSettingThatChangesIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            int port = taken.getLocalPort();
            URI admin = URI.create("http://127.0.0.1:" + Ports.free());
            RoutingFailure failure = assertThrows(RoutingFailure.class,
                    () -> CaddyProcess.ensureRunning(admin, caddyDir, port, Ports.free()));
            assertEquals("Caddy could not start: HTTP port " + port + " is already in use by another program;"
                    + " HIY_HTTP_PORT and HIY_HTTPS_PORT choose other ports.", failure.getMessage());
        }
    }

    @Test
    void anUnknownStartFailureQuotesCaddysLastLine() {
        String message = CaddyProcess.startFailure("starting\nError: something odd\n", 1, 80, 443, Path.of("caddy.log"));
        assertEquals("Caddy exited at start with code 1: Error: something odd (full log: caddy.log)", message);
    }
}
