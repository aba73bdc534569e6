package hiy.usage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What ProcFiles reads from a made-up /proc. */
class ProcFilesTest {
    @TempDir
    Path dir;

    @Test
    void aProcessTreeIsTheProcessAndAllItsDescendantsWithTheirTicks() throws Exception {
        FakeProc fake = new FakeProc(dir)
                .process(1, "systemd", 0, 1, 1, 0, 1, 9000L)
                .process(100, "catatonit", 1, 10, 5, 0, 90_000, 1000L)
                .process(101, "node (web) x)", 100, 300, 100, 0, 90_010, 20_000L)
                .process(102, "worker", 100, 50, 50, 0, 90_020, 30_000L)
                .process(103, "sh", 101, 200, 0, 100, 90_030, 5000L)
                .process(200, "other", 1, 999, 999, 0, 80_000, 99_999L);
        Files.createDirectories(dir.resolve("104"));
        ProcessTable table = new ProcFiles(dir).processes();

        List<ProcessTable.Entry> tree = table.tree(100);
        assertEquals(List.of(100L, 101L, 102L, 103L), tree.stream().map(ProcessTable.Entry::pid).sorted().toList(),
                "not the process beside it, nor its parent; 104 vanished before its stat was read");
        assertEquals(100, tree.get(0).pid(), "the process itself first");
        assertEquals(90_000, tree.get(0).startTime());
        assertEquals(400, table.get(101).orElseThrow().ticks(), "a name with spaces and parentheses is no field");
        assertEquals(300, table.get(103).orElseThrow().ticks(), "with the ticks of its children that ended");
        assertTrue(table.tree(4242).isEmpty(), "no such process");
        fake.write("105/stat", "105 (cut");
        assertTrue(new ProcFiles(dir).processes().get(105).isEmpty(), "a stat line cut short is left out");
    }

    @Test
    void residentMemoryIsReadInBytesAndAVanishedProcessHasNone() {
        new FakeProc(dir).process(100, "node", 1, 0, 0, 0, 1, 20_000L).process(101, "zombie", 1, 0, 0, 0, 1, null);
        ProcFiles proc = new ProcFiles(dir);
        assertEquals(20_000L * 1024, proc.rss(100).orElseThrow());
        assertTrue(proc.rss(101).isEmpty(), "its status is gone");
        assertTrue(proc.rss(4242).isEmpty());
        assertEquals(150_000L * 1024, proc.ownRss().orElseThrow());
    }

    @Test
    void theBoxsCpuMemoryAndUptime() {
        new FakeProc(dir).cpu(1000, 500, 8000, 500, 300).memory(2_048_000, 1_024_000).uptime("1000.25");
        ProcFiles proc = new ProcFiles(dir);
        assertEquals(new ProcFiles.CpuTicks(1500, 10_000), proc.cpu().orElseThrow(),
                "idle and I/O wait are not busy; guest time is counted once, in user");
        assertEquals(new ProcFiles.Memory(2_048_000L * 1024, 1_024_000L * 1024), proc.memory().orElseThrow());
        assertEquals(100_025, proc.uptimeTicks().orElseThrow());
        assertTrue(new ProcFiles(dir.resolve("nothing")).memory().isEmpty());
    }

    @Test
    void theBoxsCpuShareIsOfTheTicksBetweenTwoReadings() {
        ProcFiles.CpuTicks first = new ProcFiles.CpuTicks(1500, 10_000);
        ProcFiles.CpuTicks second = new ProcFiles.CpuTicks(2000, 12_000);
        assertEquals(25.0, second.percentSince(first), 1e-9);
        assertEquals(15.0, first.percentSince(null), 1e-9, "since boot when there is no reading before");
        assertEquals(0.0, first.percentSince(first), "no time passed");
    }
}
