package hiy.backup;

import hiy.model.LineSink;
import hiy.store.Builds;
import hiy.store.DataDir;
import hiy.store.Database;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * Restores a backup into an empty data dir while HIY is stopped. The whole archive is checked and written into a
 * private folder of the target first; only when all of it is intact does anything move into place, so a corrupted
 * or cut-off archive leaves the target as it was (empty).
 */
public final class Restore {
    private Restore() { }

    /** What a restore brought back. */
    public record Restored(String hiyVersion, String created, List<String> apps, int files) { }

    /** Refused before anything was written; the message says what to do. */
    public static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    public static Restored into(Path archive, Path target, int sshPort, LineSink progress) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new Refused("no backup archive at " + archive + ": give the path of a file that hiy backup wrote");
        }
        boolean created = checkTarget(target);
        if (answers(sshPort)) {
            cleanUp(target, created);
            throw new Refused("something answers on port " + sshPort + " (HIY_SSH_PORT): stop HIY before restoring, then run"
                    + " restore again");
        }
        Path staging = Files.createTempDirectory(target, ".restore-");
        try {
            Manifest m;
            try (InputStream in = Files.newInputStream(archive)) {
                m = BackupArchive.extract(in, staging);
            }
            progress.line("archive intact: " + m.items().size() + " files from HIY " + m.hiyVersion() + ", taken " + m.created());
            Database db = Database.open(staging.resolve(ArchivePaths.DATABASE));
            if (db.schemaVersion() > Database.newestMigration()) {
                throw new Refused("the backup was taken by a newer HIY (" + m.hiyVersion() + ", database schema "
                        + db.schemaVersion() + "; this HIY knows schema " + Database.newestMigration() + "): restore it"
                        + " with that HIY version or a newer one. Nothing was restored");
            }
            new Builds(db).moveLogs(m.dataDir() + "/logs/builds", new DataDir(target).buildLogs().toString());
            for (String app : m.apps()) {
                Path repo = staging.resolve("repos").resolve(app + ".git");
                for (String dir : List.of("refs/heads", "refs/tags")) {
                    Files.createDirectories(repo.resolve(dir), PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                }
            }
            new VolumeBackup().importAll(staging, m, progress);
            moveUp(staging, target);
            return new Restored(m.hiyVersion(), m.created(), m.apps(), m.items().size());
        } catch (IOException | RuntimeException e) {
            cleanUp(target, created);
            throw e;
        }
    }

    /** Whether the target may be restored into; true when it was created here. */
    private static boolean checkTarget(Path target) throws IOException {
        if (Files.isSymbolicLink(target)) throw new Refused(target + " is a link: give the real data dir");
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(target);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
            return true;
        }
        if (!Files.isDirectory(target)) throw new Refused(target + " is not a directory: set HIY_DATA_DIR to an empty directory");
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isPresent()) {
                throw new Refused("the data dir " + target + " is not empty: restore only writes into an empty one. Stop"
                        + " HIY, move that directory aside (or set HIY_DATA_DIR to a new one), then run restore again");
            }
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
        return false;
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void moveUp(Path staging, Path target) throws IOException {
        try (Stream<Path> entries = Files.list(staging)) {
            for (Path p : entries.toList()) {
                Files.move(p, target.resolve(p.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.delete(staging);
    }

    /** Back to how it was: an empty target, or none if this restore made it. */
    private static void cleanUp(Path target, boolean created) throws IOException {
        try {
            if (created) {
                DataDir.deleteTree(target);
            } else {
                try (Stream<Path> entries = Files.list(target)) {
                    for (Path p : entries.toList()) DataDir.deleteTree(p);
                }
            }
        } catch (NoSuchFileException gone) {
            // nothing left to remove
        }
    }
}
