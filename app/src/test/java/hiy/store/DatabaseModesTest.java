package hiy.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** hiy.db and the files SQLite keeps beside it are the owner's alone, new or left wider by an older HIY. */
class DatabaseModesTest {
    @TempDir
    Path dir;

    @Test
    void aNewDatabaseAndItsWalAndSharedMemoryAreOwnerOnly() throws Exception {
        Path file = dir.resolve("hiy.db");
        Database db = Database.open(file);
        new Users(db).addKey("alice", true, new Users.Key("SHA256:x", "alice", "ssh-ed25519", "AAAA"));
        assertEquals("rw-------", mode(file));
        // A second connection keeps the WAL open while it reads, so both files exist to be looked at.
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.setAutoCommit(false);
            c.createStatement().executeQuery("SELECT count(*) FROM users").next();
            assertTrue(Files.exists(dir.resolve("hiy.db-wal")) && Files.exists(dir.resolve("hiy.db-shm")));
            assertEquals("rw-------", mode(dir.resolve("hiy.db-wal")));
            assertEquals("rw-------", mode(dir.resolve("hiy.db-shm")));
        }
    }

    @Test
    void anOlderWiderDatabaseAndItsCompanionsAreTightenedWhenOpened() throws Exception {
        Path file = dir.resolve("hiy.db");
        Database.open(file);
        for (String name : new String[] {"hiy.db", "hiy.db-wal", "hiy.db-shm", "hiy.db-journal"}) {
            Path f = dir.resolve(name);
            if (!Files.exists(f)) Files.createFile(f);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
        }

        Database.open(file);
        assertEquals("rw-------", mode(file));
        for (String name : new String[] {"hiy.db-wal", "hiy.db-shm", "hiy.db-journal"}) {
            Path f = dir.resolve(name);
            // SQLite may delete an empty companion once it owns the file; one that is left is tightened.
            assertTrue(!Files.exists(f) || mode(f).equals("rw-------"), name + " " + (Files.exists(f) ? mode(f) : ""));
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
