package hiy.backup;

import hiy.config.Settings;
import hiy.model.LineSink;
import hiy.model.Version;
import hiy.store.DataDir;
import hiy.store.Database;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Takes backups of a live data dir: a {@link Snapshot} in a private folder of the data dir, then written out as one
 * {@link BackupArchive}. Nothing is locked beyond the moment SQLite and JGit each need for their own consistent view,
 * so pushes and deploys go on. One backup at a time per process: each costs a copy of the database on disk.
 */
public final class Backups {
    /** Where snapshots are assembled; a snapshot left by a process that died is removed by the next backup. */
    static final String STAGING = "backup-staging";

    private final DataDir data;
    private final Database db;
    private final Settings settings;
    private final Semaphore oneAtATime = new Semaphore(1);

    public Backups(DataDir data, Database db, Settings settings) {
        this.data = data;
        this.db = db;
        this.settings = settings;
    }

    /** What one backup held: its apps, its file count and the archive's size. */
    public record Taken(List<String> apps, int files, long bytes, long millis) { }

    /** Writes a backup to {@code sink}; progress lines (never archive bytes) go to {@code progress}. */
    public Taken writeTo(OutputStream sink, LineSink progress) throws IOException {
        if (!oneAtATime.tryAcquire()) {
            throw new BackupBusy("a backup is already being taken on this HIY; wait for it to finish and run backup again");
        }
        long t0 = System.nanoTime();
        Path staging = null;
        try {
            staging = newStaging();
            List<String> apps = new Snapshot(data, db, progress).take(staging, settings.recorded());
            List<Manifest.Volume> volumes = new VolumeBackup().exportAll(data, db, staging, progress);
            Counting counted = new Counting(sink);
            Manifest m = BackupArchive.write(staging, Version.VERSION, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                    data.root().toString(), apps, volumes, counted);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            progress.line("archive: " + m.items().size() + " files, " + counted.count + " bytes, in " + millis + " ms");
            return new Taken(apps, m.items().size(), counted.count, millis);
        } finally {
            if (staging != null) DataDir.deleteTree(staging);
            oneAtATime.release();
        }
    }

    /**
     * Writes a backup to {@code file}: to FILE.partial first, renamed once complete, so FILE is never a cut-off
     * archive. The file is owner-only: it holds the key that opens every config value.
     */
    public Taken writeFile(Path file, LineSink progress) throws IOException {
        Path abs = file.toAbsolutePath();
        Path partial = abs.resolveSibling(abs.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Taken taken;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 256 * 1024)) {
                taken = writeTo(out, progress);
            }
            Files.move(partial, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return taken;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private Path newStaging() throws IOException {
        Path parent = data.root().resolve(STAGING);
        Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (var old = Files.list(parent)) {
            Instant dayAgo = Instant.now().minus(1, ChronoUnit.DAYS);
            for (Path p : old.toList()) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(dayAgo)) DataDir.deleteTree(p);
            }
        }
        return Files.createTempDirectory(parent, "snapshot-");
    }

    /** Another backup is under way. */
    public static final class BackupBusy extends IOException {
        BackupBusy(String message) {
            super(message);
        }
    }

    private static final class Counting extends OutputStream {
        private final OutputStream out;
        long count;

        Counting(OutputStream out) {
            this.out = out;
        }

        @Override public void write(int b) throws IOException { out.write(b); count++; }
        @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); count += len; }
        @Override public void flush() throws IOException { out.flush(); }
    }
}
