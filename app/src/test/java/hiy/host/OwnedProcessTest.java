package hiy.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OwnedProcessTest {
    @TempDir
    Path dir;

    @Test
    void aRecordedProcessIsFoundAgainOnlyWithItsPidStartTimeAndCommandLine() throws Exception {
        Path pidFile = dir.resolve("sleeper.pid");
        String mark = "3600";
        OwnedProcess started = OwnedProcess.start(new ProcessBuilder("sleep", mark), pidFile);
        try {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pidFile)));
            assertEquals(started.pid(), OwnedProcess.find(pidFile, "sleep " + mark).orElseThrow().pid());
            assertTrue(OwnedProcess.find(pidFile, "caddy run").isEmpty(), "another command line is not it");

            String[] recorded = Files.readString(pidFile).strip().split(" ");
            Files.writeString(pidFile, recorded[0] + " " + (Long.parseLong(recorded[1]) + 1) + "\n");
            assertTrue(OwnedProcess.find(pidFile, "sleep " + mark).isEmpty(), "same pid, other start time: a reused pid");
            Files.writeString(pidFile, "not a record\n");
            assertTrue(OwnedProcess.find(pidFile, "sleep " + mark).isEmpty());
            Files.writeString(pidFile, String.join(" ", recorded) + "\n");
        } finally {
            started.stop(Duration.ofSeconds(5));
        }
        assertFalse(started.alive());
        assertFalse(Files.exists(pidFile), "the record goes with the process");
        assertTrue(OwnedProcess.find(pidFile, "sleep " + mark).isEmpty());
    }

    @Test
    void aProcessThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        Path pidFile = dir.resolve("stubborn.pid");
        OwnedProcess started = OwnedProcess.start(new ProcessBuilder("sh", "-c", "trap '' TERM; sleep 3600 & wait"),
                pidFile);
        long t0 = System.nanoTime();
        started.stop(Duration.ofMillis(500));
        assertFalse(started.alive());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());
    }
}
