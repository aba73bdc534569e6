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
