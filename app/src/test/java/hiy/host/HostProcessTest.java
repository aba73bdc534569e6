package hiy.host;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostProcessTest {
    @Test
    void aRunningProcessIsSeenAliveUntilItEnds() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "600").start();
        try {
            HostProcess seen = HostProcess.of(sleeper.pid()).orElseThrow();
            assertEquals(sleeper.pid(), seen.pid());
            assertTrue(seen.alive());
            assertFalse(new HostProcess(sleeper.pid(), seen.startTime() + 1).alive(),
                    "the same pid with another start time is another process");
            sleeper.destroyForcibly();
            assertTrue(sleeper.waitFor(30, TimeUnit.SECONDS));
            assertFalse(seen.alive(), "ended (and reaped)");
            assertTrue(HostProcess.of(sleeper.pid()).isEmpty());
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void noPidIsNoProcess() {
        assertTrue(HostProcess.of(0).isEmpty());
        assertTrue(HostProcess.of(-1).isEmpty());
        assertTrue(HostProcess.of(Integer.MAX_VALUE).isEmpty());
    }
}
