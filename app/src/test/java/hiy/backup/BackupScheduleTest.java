package hiy.backup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One archive a day, the newest N kept, nothing else in the directory touched. */
class BackupScheduleTest {
    @TempDir
    Path dir;

    @Test
    void aBackupIsDueWhenThereIsNoneOrTheNewestIsADayOld() throws Exception {
        Instant now = Instant.parse("2026-12-02T03:00:00Z");
        assertTrue(BackupSchedule.due(List.of(), now));
        Path recent = Files.createFile(dir.resolve(BackupSchedule.name(now.minus(Duration.ofHours(20)))));
        assertFalse(BackupSchedule.due(BackupSchedule.archives(dir), now));
        assertTrue(BackupSchedule.due(List.of(recent), now.plus(Duration.ofHours(4))));
    }

    @Test
    void aDueRunWritesAnIntactOwnerOnlyArchiveAndPrunesTheOldest(@TempDir Path data) throws Exception {
        Backups backups = new Backups(new hiy.store.DataDir(data), hiy.store.Database.open(data.resolve("hiy.db")),
                hiy.config.Settings.from(java.util.Map.of()));
        Instant now = Instant.parse("2026-12-02T03:00:00Z");
        for (int day = 1; day <= 3; day++) Files.createFile(dir.resolve(BackupSchedule.name(now.minus(Duration.ofDays(day)))));
        Path taken = BackupSchedule.runOnce(backups, dir, 2, now).orElseThrow();
        assertEquals(dir.resolve(BackupSchedule.name(now)), taken);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(taken)));
        assertEquals(List.of(dir.resolve(BackupSchedule.name(now.minus(Duration.ofDays(1)))), taken), BackupSchedule.archives(dir));
        Path into = Files.createDirectory(data.resolve("check"));
        try (var in = Files.newInputStream(taken)) {
            assertTrue(BackupArchive.extract(in, into).items().stream().anyMatch(i -> i.path().equals("hiy.db")));
        }
        assertTrue(BackupSchedule.runOnce(backups, dir, 2, now.plus(Duration.ofHours(1))).isEmpty(), "one a day");
    }

    @Test
    void onlyTheNewestAreKeptAndOtherFilesAreLeftAlone() throws Exception {
        Instant start = Instant.parse("2026-11-01T03:00:00Z");
        for (int day = 0; day < 5; day++) Files.createFile(dir.resolve(BackupSchedule.name(start.plus(Duration.ofDays(day)))));
        Files.createFile(dir.resolve("my-notes.txt"));
        Files.createFile(dir.resolve("hiy-backup-manual.tar.gz"));
        List<Path> archives = BackupSchedule.archives(dir);
        assertEquals(5, archives.size());
        List<Path> old = BackupSchedule.beyondKeep(archives, 3);
        assertEquals(List.of(dir.resolve(BackupSchedule.name(start)), dir.resolve(BackupSchedule.name(start.plus(Duration.ofDays(1))))), old);
        assertEquals(List.of(), BackupSchedule.beyondKeep(archives, 30));
    }
}
