package hiy.backup;

import hiy.store.Builds;
import hiy.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Restore of a real database: build logs follow the data dir, a backup from a newer HIY is refused. */
class RestoreTest {
    @TempDir
    Path tmp;

    @Test
    void buildLogsPointIntoTheNewDataDir() throws Exception {
        Path old = tmp.resolve("old");
        Database db = Database.open(old.resolve("hiy.db"));
        new hiy.store.Apps(db).create("blog", List.of(29001), "alice");
        new Builds(db).enqueue("blog", "a".repeat(40), "refs/heads/main", "push", "alice", old + "/logs/builds");
        Files.createDirectories(old.resolve("logs/builds"));
        Files.writeString(old.resolve("logs/builds/blog-1.log"), "-----> Building\n");
        Path archive = archiveOf(old, db);

        Path target = tmp.resolve("new");
        Restore.Restored r = Restore.into(archive, target, freePort(), line -> { });
        assertEquals(List.of(), r.apps());
        Builds.Build b = new Builds(Database.open(target.resolve("hiy.db"))).of("blog").get(0);
        assertEquals(target + "/logs/builds/blog-1.log", b.logPath());
        assertEquals("-----> Building\n", Files.readString(Path.of(b.logPath())));
    }

    @Test
    void aBackupOfANewerHiyIsRefusedAndNothingIsWritten() throws Exception {
        Path old = tmp.resolve("old");
        Database db = Database.open(old.resolve("hiy.db"));
        db.sql().execute("INSERT INTO schema_version(version, applied_at) VALUES (999, 0)");
        Path archive = archiveOf(old, db);
        Path target = Files.createDirectory(tmp.resolve("new"));
        Restore.Refused e = assertThrows(Restore.Refused.class, () -> Restore.into(archive, target, freePort(), line -> { }));
        assertTrue(e.getMessage().contains("taken by a newer HIY"), e.getMessage());
        try (Stream<Path> left = Files.list(target)) {
            assertEquals(List.of(), left.toList());
        }
    }

    private Path archiveOf(Path dataDir, Database db) throws IOException {
        Path snapshot = Files.createTempDirectory(tmp, "snapshot");
        db.snapshotInto(snapshot.resolve("hiy.db"));
        if (Files.isDirectory(dataDir.resolve("logs/builds"))) {
            Files.createDirectories(snapshot.resolve("logs/builds"));
            try (Stream<Path> logs = Files.list(dataDir.resolve("logs/builds"))) {
                for (Path l : logs.toList()) Files.copy(l, snapshot.resolve("logs/builds").resolve(l.getFileName()));
            }
        }
        Path archive = tmp.resolve("backup-" + System.nanoTime() + ".tar.gz");
        try (OutputStream out = Files.newOutputStream(archive)) {
            BackupArchive.write(snapshot, "0.1", "2026-12-02T13:00:00Z", dataDir.toString(), List.of(), out);
        }
        return archive;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
