package hiy.usage;

import hiy.runtime.ContainerSpec;
import hiy.runtime.FakeRuntime;
import hiy.runtime.ProcessShape;
import hiy.runtime.RuntimeFailure;
import hiy.store.Apps;
import hiy.store.Database;
import hiy.store.Processes;
import hiy.store.Releases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rounds of the sampler driven by hand, as of times of the test's own, over a made-up /proc and a real store. */
class UsageSamplerTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private static final long KB = 1024;

    @TempDir
    Path dir;
    private FakeProc proc;
    private Apps apps;
    private Processes processes;
    private final FakeRuntime runtime = new FakeRuntime();
    private UsageSampler sampler;

    @BeforeEach
    void box() {
        Database db = Database.open(dir.resolve("hiy.db"));
        apps = new Apps(db);
        processes = new Processes(db);
        proc = new FakeProc(dir.resolve("proc")).cpu(1000, 500, 8000, 500, 300).memory(2_048_000, 1_024_000)
                .uptime("1000.00");
        sampler = new UsageSampler(apps, processes, runtime, dir, Optional.empty(), proc.root);
        deploy(new Releases(db), "blog");
    }

    /** blog's web.1 runs with catatonit as pid 100: two children, one with a child; its worker.1 has vanished. */
    private void deploy(Releases releases, String app) {
        apps.create(app, List.of(21000), "alice");
        int v = releases.create(app, "hiy/" + app + ":v1", "sha256:1", "abc", 5000, "web: x", Releases.BUILT,
                "alice", new byte[0]).version();
        apps.setCurrentRelease(app, v);
        run(app, v, "web", 21000, 100);
        run(app, v, "worker", null, 300);
        proc.process(1, "systemd", 0, 1, 1, 0, 1, 9000L)
                .process(100, "catatonit", 1, 10, 5, 0, 90_000, 1000L)
                .process(101, "node (web) x)", 100, 300, 100, 0, 90_010, 20_000L)
                .process(102, "sh", 100, 50, 50, 0, 90_020, 30_000L)
                .process(103, "node", 101, 200, 0, 100, 90_030, 5000L)
                .process(104, "sleep", 102, 20, 0, 0, 90_040, null)
                .process(200, "sshd", 1, 999, 999, 0, 500, 99_999L);
    }

    private void run(String app, int release, String type, Integer port, long pid) {
        String container = "hiy-f4ce0001-" + app + "-v" + release + "-" + type + "-1";
        processes.add(new Processes.AppProcess(container, app, release, type, 1, port));
        try {
            runtime.start(new ContainerSpec(app, container, "hiy/" + app + ":v1", null, 5000, null, Map.of(), Map.of(),
                    ProcessShape.limits(256 * KB * KB, 1)));
        } catch (RuntimeFailure e) {
            throw new AssertionError(e);
        }
        runtime.runsAs(container, pid);
    }

    @Test
    void anAppUsesWhatItsContainersProcessTreesUse() {
        sampler.round(T0);
        Sample first = sampler.latest("blog").orElseThrow();
        assertEquals((1000 + 20_000 + 30_000 + 5000) * KB, first.rssBytes(),
                "the tree of pid 100, not pid 200; 104's memory went with it; worker.1's pid 300 is gone");
        assertEquals(100.0 * (15 + 400 + 100 + 300 + 20) / (100_000 - 90_000), first.cpuPercent(), 1e-9,
                "the first round: since the container's main process started, 100 s before");

        // 10 s later: 101 used 10 s of one core and 103 5 s; 104 ended and 102 waited for it, so its ticks moved.
        proc.process(101, "node (web) x)", 100, 1000, 400, 0, 90_010, 22_000L)
                .process(103, "node", 101, 700, 0, 100, 90_030, 5000L)
                .process(102, "sh", 100, 50, 50, 20, 90_020, 30_000L)
                .gone(104);
        sampler.round(T0.plusSeconds(10));
        Sample second = sampler.latest("blog").orElseThrow();
        assertEquals((1000 + 22_000 + 30_000 + 5000) * KB, second.rssBytes());
        assertEquals(150.0, second.cpuPercent(), 1e-9, "of one core: 15 s of CPU time in 10 s");
        assertEquals(List.of(first, second), sampler.app("blog"));
        assertTrue(sampler.app("shop").isEmpty());
    }

    @Test
    void aRestartedContainerIsReckonedSinceItsStartNotAgainstItsPredecessor() {
        sampler.round(T0);
        proc.process(100, "catatonit", 1, 0, 0, 0, 100_000, 1000L).process(101, "node", 100, 500, 0, 0, 100_000, 0L)
                .gone(102).gone(103).gone(104).uptime("1010.00");
        sampler.round(T0.plusSeconds(10));
        assertEquals(50.0, sampler.latest("blog").orElseThrow().cpuPercent(), 1e-9,
                "pid 100 again but started 10 s ago: 5 s of CPU since");
    }

    @Test
    void theBoxsCpuIsOfAllCoresBetweenTwoRounds() {
        sampler.round(T0);
        BoxSample first = sampler.box().get(0);
        assertEquals(15.0, first.cpuPercent(), 1e-9, "the first round: since boot");
        assertEquals(2_048_000 * KB, first.memTotalBytes());
        assertEquals(1_024_000 * KB, first.memAvailableBytes());
        assertEquals(150_000 * KB, first.hiyRssBytes());

        proc.cpu(1300, 700, 9300, 700, 300);
        sampler.round(T0.plusSeconds(10));
        assertEquals(25.0, sampler.box().get(1).cpuPercent(), 1e-9, "500 busy ticks of 2000");
        assertEquals(2, sampler.box().size());
    }

    @Test
    void samplesAnHourOldAreDropped() {
        sampler.round(T0);
        sampler.round(T0.plus(Duration.ofMinutes(10)));
        sampler.round(T0.plus(UsageSampler.KEPT));
        assertEquals(List.of(T0.plus(Duration.ofMinutes(10)), T0.plus(UsageSampler.KEPT)),
                sampler.app("blog").stream().map(Sample::at).toList());
        assertEquals(List.of(T0.plus(Duration.ofMinutes(10)), T0.plus(UsageSampler.KEPT)),
                sampler.box().stream().map(BoxSample::at).toList());
    }

    @Test
    void aDestroyedAppsHistoryGoesAtTheNextRoundAStoppedOnesStays() {
        sampler.round(T0);
        apps.setStopped("blog", true);
        sampler.round(T0.plusSeconds(10));
        assertEquals(List.of(T0), sampler.app("blog").stream().map(Sample::at).toList(),
                "a stopped app is not sampled, but what it used before is still there");

        processes.of("blog").forEach(p -> processes.remove(p.container()));
        apps.delete("blog");
        sampler.round(T0.plusSeconds(20));
        assertTrue(sampler.app("blog").isEmpty());
        assertTrue(sampler.latest("blog").isEmpty());
    }

    @Test
    void disksAreTheDataDirsAndPodmansStorageWhenKnown() {
        List<Disk> disks = new UsageSampler(apps, processes, runtime, dir, Optional.of(dir.resolve("proc")),
                proc.root).disks();
        assertEquals(List.of("data dir", "Podman storage"), disks.stream().map(Disk::what).toList());
        assertEquals(dir, disks.get(0).path());
        assertTrue(disks.get(0).totalBytes() > 0 && disks.get(0).freeBytes() <= disks.get(0).totalBytes(),
                disks.toString());
        assertEquals(List.of("data dir"), sampler.disks().stream().map(Disk::what).toList(), "its place unknown");
        assertEquals(List.of("data dir"), new UsageSampler(apps, processes, runtime, dir,
                Optional.of(dir.resolve("gone")), proc.root).disks().stream().map(Disk::what).toList(),
                "a storage that is not there has no size");
    }
}
