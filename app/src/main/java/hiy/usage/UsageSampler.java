package hiy.usage;

import hiy.runtime.ContainerRuntime;
import hiy.store.Apps;
import hiy.store.Processes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What each app and the box use, sampled every {@link #EVERY} on one daemon thread and kept in memory for
 * {@link #KEPT}, for the dashboard. Read from the host's /proc ({@link ProcFiles}), never from Podman: its service
 * sleeps while unused, and sampling must not wake it. A container's main process is the one Podman last said it runs
 * ({@link ContainerRuntime#mainPid}); what it and all its descendants use is the container's use. Only apps that run
 * (not stopped, with a current release) are sampled; the history of an app that is gone goes at the next round.
 */
public final class UsageSampler implements AutoCloseable {
    public static final Duration EVERY = Duration.ofSeconds(10);
    public static final Duration KEPT = Duration.ofHours(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(UsageSampler.class);

    /** A container's main process as the round before saw it, and the CPU ticks of its tree then. */
    private record Seen(long pid, long startTime, long ticks, Instant at) {}

    private final Apps apps;
    private final Processes processes;
    private final ContainerRuntime runtime;
    private final ProcFiles proc;
    private final Path dataDir;
    private final Optional<Path> podmanStorage;
    private final Map<String, History<Sample>> byApp = new ConcurrentHashMap<>();
    private final History<BoxSample> box = new History<>(BoxSample::at);
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hiy-usage");
        t.setDaemon(true);
        return t;
    });
    /** Only the rounds' thread touches these. */
    private Map<String, Seen> containers = Map.of();
    private ProcFiles.CpuTicks boxTicks;
    private boolean failing;

    /** podmanStorage: where Podman keeps images and containers (its graphRoot), when known. */
    public UsageSampler(Apps apps, Processes processes, ContainerRuntime runtime, Path dataDir,
                        Optional<Path> podmanStorage) {
        this(apps, processes, runtime, dataDir, podmanStorage, Path.of("/proc"));
    }

    UsageSampler(Apps apps, Processes processes, ContainerRuntime runtime, Path dataDir, Optional<Path> podmanStorage,
                 Path procRoot) {
        this.apps = apps;
        this.processes = processes;
        this.runtime = runtime;
        this.proc = new ProcFiles(procRoot);
        this.dataDir = dataDir;
        this.podmanStorage = podmanStorage;
    }

    /**
     * The first round at once, then one {@link #EVERY} after each ends (so a stalled box does not bunch them); on the
     * same thread, HIY's own heap is trimmed after it grew ({@link HeapTrim}).
     */
    public void start() {
        thread.scheduleWithFixedDelay(this::roundNow, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        HeapTrim trim = HeapTrim.ofThisJvm();
        thread.scheduleWithFixedDelay(trim::round, HeapTrim.FIRST.toMillis(), HeapTrim.EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The app's samples, oldest first; empty when it has none (stopped, never deployed, nothing running). */
    public List<Sample> app(String app) {
        History<Sample> h = byApp.get(app);
        return h == null ? List.of() : h.all();
    }

    public Optional<Sample> latest(String app) {
        History<Sample> h = byApp.get(app);
        return h == null ? Optional.empty() : h.latest();
    }

    /** The box's samples, oldest first. */
    public List<BoxSample> box() {
        return box.all();
    }

    /** The disks of the data dir and, when its place is known, of Podman's storage, as they are now. */
    public List<Disk> disks() {
        List<Disk> disks = new ArrayList<>();
        disk("data dir", dataDir).ifPresent(disks::add);
        podmanStorage.flatMap(p -> disk("Podman storage", p)).ifPresent(disks::add);
        return disks;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A round that fails is logged (a warning for the first of a run of failures) and the next goes on. */
    private void roundNow() {
        try {
            round(Instant.now());
            failing = false;
        } catch (RuntimeException e) {
            if (failing) {
                LOG.debug("usage sampling failed again: {}", e.toString());
            } else {
                LOG.warn("usage sampling failed, trying again every {} s: {}", EVERY.toSeconds(), e.toString());
            }
            failing = true;
        }
    }

    /** One round, as of {@code at}: the box, then every running app. */
    void round(Instant at) {
        sampleBox(at);
        ProcessTable table = proc.processes();
        OptionalLong uptime = proc.uptimeTicks();
        Map<String, Seen> seen = new HashMap<>();
        Set<String> known = new HashSet<>();
        for (Apps.App app : apps.all()) {
            known.add(app.name());
            if (app.stopped() || app.currentRelease() == null) continue;
            sample(app.name(), app.currentRelease(), table, uptime, at, seen)
                    .ifPresent(s -> byApp.computeIfAbsent(app.name(), n -> new History<>(Sample::at)).add(s));
        }
        containers = seen;
        byApp.keySet().retainAll(known);
        byApp.values().forEach(h -> h.age(at));
        byApp.values().removeIf(History::isEmpty);
    }

    /**
     * The sum over the release's containers whose main process is known and there; empty when none is (nothing
     * runs, or HIY has not seen it run yet). seen: where each container's main process and ticks are noted.
     */
    private Optional<Sample> sample(String app, int release, ProcessTable table, OptionalLong uptime, Instant at,
                                    Map<String, Seen> seen) {
        long rss = 0;
        double cpu = 0;
        boolean any = false;
        for (Processes.AppProcess p : processes.of(app, release)) {
            OptionalLong pid = runtime.mainPid(p.container());
            List<ProcessTable.Entry> tree = pid.isPresent() ? table.tree(pid.getAsLong()) : List.of();
            if (tree.isEmpty()) continue;
            long ticks = 0;
            for (ProcessTable.Entry e : tree) {
                ticks += e.ticks();
                rss += proc.rss(e.pid()).orElse(0);
            }
            Seen now = new Seen(tree.get(0).pid(), tree.get(0).startTime(), ticks, at);
            cpu += cpuPercent(containers.get(p.container()), now, uptime);
            seen.put(p.container(), now);
            any = true;
        }
        return any ? Optional.of(new Sample(at, rss, cpu)) : Optional.empty();
    }

    /**
     * Of one core, since the round before; since the process started when it is new since then (HIY's first round,
     * a new or restarted container), as {@code ps} reckons. A child that ended unwaited-for takes its ticks with it,
     * so the tree's ticks can shrink: that counts as nothing used, never less.
     */
    private static double cpuPercent(Seen before, Seen now, OptionalLong uptimeTicks) {
        boolean same = before != null && before.pid() == now.pid() && before.startTime() == now.startTime();
        double elapsedTicks;
        long used;
        if (same) {
            elapsedTicks = Duration.between(before.at(), now.at()).toMillis() * ProcFiles.TICKS_PER_SECOND / 1000.0;
            used = now.ticks() - before.ticks();
        } else {
            if (uptimeTicks.isEmpty()) return 0;
            elapsedTicks = uptimeTicks.getAsLong() - now.startTime();
            used = now.ticks();
        }
        return elapsedTicks <= 0 ? 0 : Math.max(0, 100.0 * used / elapsedTicks);
    }

    private void sampleBox(Instant at) {
        Optional<ProcFiles.CpuTicks> ticks = proc.cpu();
        Optional<ProcFiles.Memory> memory = proc.memory();
        if (ticks.isEmpty() || memory.isEmpty()) return;
        box.add(new BoxSample(at, ticks.get().percentSince(boxTicks), memory.get().total(), memory.get().available(),
                proc.ownRss().orElse(0)));
        box.age(at);
        boxTicks = ticks.get();
    }

    private static Optional<Disk> disk(String what, Path path) {
        try {
            FileStore store = Files.getFileStore(path);
            return Optional.of(new Disk(what, path, store.getTotalSpace(), store.getUsableSpace()));
        } catch (IOException e) {
            LOG.debug("no size for the {} at {}: {}", what, path, e.toString());
            return Optional.empty();
        }
    }
}
