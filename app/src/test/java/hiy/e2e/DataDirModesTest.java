package hiy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `hiy server` started from a shell with umask 022 (so the JVM would create 0644 files and 0755 folders): its data
 * dir is the owner's alone, and the database, its WAL and shared memory, the age identity, the SSH host key and
 * the build logs are 0600. What an older HIY left wider is tightened at the next start.
 */
@Tag("e2e")
class DataDirModesTest {
    private static final String OWNER_DIR = "rwx------";
    private static final String OWNER_FILE = "rw-------";

    @Test
    void everythingHiyKeepsIsTheOwnersAloneWhateverTheUmaskAndOlderWiderFilesAreTightened() throws Exception {
        try (TestBox box = TestBox.startAsProcess(Map.of(), "022")) {
            String app = box.appName("modes");
            box.git(box.project(app, webApp("private")), "push", box.remote(app), "main").assertOk();
            Path data = box.dataDir;
            Path buildLog = onlyBuildLog(data);
            List<Path> secrets = List.of(data.resolve("hiy.db"), data.resolve("hiy.db-wal"), data.resolve("hiy.db-shm"),
                    data.resolve("age-identity.txt"), data.resolve("ssh_host_ecdsa_key"), buildLog);
            // SQLite removes the WAL and shared-memory files when the last connection closes; a reader held open
            // keeps them there to be looked at.
            try (Connection reader = holdOpen(data)) {
                for (Path p : secrets) assertEquals(OWNER_FILE, mode(p), p.toString());
            }
            for (String dir : List.of("", "repos", "logs", "logs/builds", "caddy")) {
                assertEquals(OWNER_DIR, mode(data.resolve(dir)), "data dir/" + dir);
            }

            box.killProcess();
            for (Path p : secrets) {
                if (p.getFileName().toString().equals("age-identity.txt")) continue;
                if (!Files.exists(p)) Files.createFile(p);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
            }
            for (String dir : List.of("", "logs", "logs/builds")) {
                Files.setPosixFilePermissions(data.resolve(dir), PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            box.startProcess();
            try (Connection reader = holdOpen(data)) {
                for (Path p : secrets) assertEquals(OWNER_FILE, mode(p), "tightened at start: " + p);
            }
            for (String dir : List.of("", "logs", "logs/builds")) {
                assertEquals(OWNER_DIR, mode(data.resolve(dir)), "tightened at start: data dir/" + dir);
            }
            assertEquals("private\n", box.get(app, "/").body());

            box.killProcess();
            Path identity = data.resolve("age-identity.txt");
            Files.setPosixFilePermissions(identity, PosixFilePermissions.fromString("rw-r--r--"));
            AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, box::startProcess);
            assertTrue(refused.getMessage().contains("chmod 600 " + identity), refused.getMessage());
            assertFalse(refused.getMessage().contains("\tat "), "no stack trace for the operator: " + refused.getMessage());
        }
    }

    /** A connection in a read transaction: while it is open SQLite keeps hiy.db-wal and hiy.db-shm. */
    private static Connection holdOpen(Path data) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("hiy.db"));
        c.setAutoCommit(false);
        try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM apps")) {
            assertTrue(rs.next());
        }
        return c;
    }

    private static Path onlyBuildLog(Path data) throws Exception {
        try (Stream<Path> logs = Files.list(data.resolve("logs/builds"))) {
            List<Path> all = logs.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
