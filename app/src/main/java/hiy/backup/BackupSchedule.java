package hiy.backup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * HIY_BACKUP_DIR gets one archive a day, named by the time it was taken (hiy-backup-20261202T134000Z.tar.gz), and
 * only the newest HIY_BACKUP_KEEP of them stay. Checked every hour and at start, so a box that was off at the usual
 * time still gets its backup; other files in the directory are never touched.
 */
public final class BackupSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackupSchedule.class);
    static final Duration EVERY = Duration.ofDays(1);
    static final Duration CHECK = Duration.ofHours(1);
    private static final Pattern NAME = Pattern.compile("hiy-backup-\\d{8}T\\d{6}Z\\.tar\\.gz");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final ScheduledExecutorService timer;

    private BackupSchedule(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    public static BackupSchedule start(Backups backups, Path dir, int keep) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hiy-backup-schedule");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> runOnce(backups, dir, keep, Instant.now()), 1, CHECK.toSeconds(), TimeUnit.SECONDS);
        return new BackupSchedule(timer);
    }

    /** Takes a backup if the newest is a day old or there is none, then keeps the newest {@code keep}. */
    static Optional<Path> runOnce(Backups backups, Path dir, int keep, Instant now) {
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Optional<Path> taken = Optional.empty();
            if (due(archives(dir), now)) {
                Path file = dir.resolve(name(now));
                Backups.Taken t = backups.writeFile(file, line -> { });
                LOG.info("scheduled backup {}: {} apps, {} bytes in {} ms", file, t.apps().size(), t.bytes(), t.millis());
                taken = Optional.of(file);
            }
            for (Path old : beyondKeep(archives(dir), keep)) {
                Files.deleteIfExists(old);
                LOG.info("scheduled backup {} deleted: HIY_BACKUP_KEEP={} newer ones are kept", old, keep);
            }
            return taken;
        } catch (IOException | RuntimeException e) {
            LOG.warn("scheduled backup into {} failed: {}; check that the directory is writable by HIY and has free space"
                    + " (HIY tries again within the hour)", dir, e.toString());
            return Optional.empty();
        }
    }

    /** The file name of an archive taken at that moment, as the schedule and `hiy backup` name it. */
    public static String name(Instant at) {
        return "hiy-backup-" + STAMP.format(at) + ".tar.gz";
    }

    /** The scheduled archives in the directory, oldest first (their names sort by time). */
    static List<Path> archives(Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
            for (Path p : all) if (NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) found.add(p);
        }
        found.sort(null);
        return found;
    }

    static boolean due(List<Path> archivesOldestFirst, Instant now) {
        if (archivesOldestFirst.isEmpty()) return true;
        String newest = archivesOldestFirst.get(archivesOldestFirst.size() - 1).getFileName().toString();
        Instant at = Instant.from(STAMP.parse(newest.substring("hiy-backup-".length(), newest.length() - ".tar.gz".length())));
        return !at.plus(EVERY).minus(CHECK.dividedBy(2)).isAfter(now);
    }

    static List<Path> beyondKeep(List<Path> archivesOldestFirst, int keep) {
        int extra = archivesOldestFirst.size() - keep;
        return extra <= 0 ? List.of() : archivesOldestFirst.subList(0, extra);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
