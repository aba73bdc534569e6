package hiy.build;

import hiy.hooks.Deployments;
import hiy.store.Builds.Build;
import hiy.store.Builds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The build queue: persisted in SQLite, worked off by one thread strictly in arrival order,
 * so a small box is never asked to build two things at once.
 */
public final class BuildQueue implements Deployments, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BuildQueue.class);
    /** Starts of one build (a retry after a crash counts on) before HIY gives up on it. */
    static final int MAX_ATTEMPTS = 2;

    /** What the worker does with one build; returns the release it made live, or null when it did not. */
    @FunctionalInterface
    public interface Work {
        Integer run(Build build, LiveLog log) throws Exception;
    }

    private final Builds builds;
    private final Path logDir;
    private final Work work;
    private final Map<Long, LiveLog> live = new ConcurrentHashMap<>();
    private final Object wakeUp = new Object();
    private final Thread worker;
    private volatile boolean stopping;

    public BuildQueue(Builds builds, Path logDir, Work work) {
        this.builds = builds;
        this.logDir = logDir;
        this.work = work;
        this.worker = new Thread(this::workLoop, "hiy-builder");
        this.worker.setDaemon(true);
    }

    public void start() {
        worker.start();
    }

    @Override
    public long enqueue(String app, String sha, String ref, String user) {
        return enqueue(app, sha, ref, "push", user);
    }

    /** trigger says what asked for the build: "push", or the SSH command "deploy". */
    public long enqueue(String app, String sha, String ref, String trigger, String user) {
        Build b = builds.enqueue(app, sha, ref, trigger, user, logDir.toString());
        live.put(b.id(), new LiveLog(Path.of(b.logPath())));
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        return b.id();
    }

    /**
     * Builds that were under way when the previous HIY process died: each is queued again, unless it was already
     * started twice, since then it is likely what killed HIY (out of memory or disk) and would do so on every start.
     */
    public void resume(List<Build> interrupted) {
        for (Build b : interrupted) {
            if (b.attempts() >= MAX_ATTEMPTS) {
                String why = "HIY stopped " + b.attempts() + " times while building this commit, so it is not built"
                        + " again: check the box's memory and disk, then push again or run: ssh hiy@HOST deploy " + b.app();
                LOG.warn("build {} of {}: {}", b.id(), b.app(), why);
                builds.finished(b.id(), Builds.Status.FAILED, null, why);
                LiveLog log = new LiveLog(Path.of(b.logPath()));
                log.line(" !     " + why);
                log.finish(false);
                continue;
            }
            LOG.info("build {} of {} was cut off when HIY stopped; queued again", b.id(), b.app());
            Build retry = builds.enqueueRetry(b, logDir.toString());
            live.put(retry.id(), new LiveLog(Path.of(retry.logPath())));
        }
    }

    @Override
    public int ahead(long buildId) {
        return builds.queuedBefore(buildId);
    }

    @Override
    public Progress read(long buildId, int from, Duration wait) throws InterruptedException {
        LiveLog log = live.get(buildId);
        if (log != null) {
            LiveLog.Snapshot s = log.read(from, wait);
            return new Progress(s.lines(), s.finished(), s.succeeded(), s.failure());
        }
        Optional<Build> b = builds.find(buildId);
        if (b.isEmpty()) return new Progress(List.of("no build " + buildId), true, false, "no build " + buildId);
        List<String> lines = readLogFile(Path.of(b.get().logPath()));
        boolean succeeded = b.get().status() == Builds.Status.SUCCEEDED;
        return new Progress(from < lines.size() ? lines.subList(from, lines.size()) : List.of(), true, succeeded,
                succeeded ? null : b.get().error());
    }

    private void workLoop() {
        while (!stopping) {
            Optional<Build> next = builds.nextQueued();
            if (next.isEmpty()) {
                synchronized (wakeUp) {
                    try {
                        wakeUp.wait(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                continue;
            }
            try {
                runOne(next.get());
            } catch (RuntimeException e) {
                // The store itself failed; keep the worker alive for the next build.
                LOG.error("build {} could not be recorded", next.get().id(), e);
                live.remove(next.get().id());
                synchronized (wakeUp) {
                    try {
                        wakeUp.wait(1000);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }
    }

    private void runOne(Build build) {
        LiveLog log = live.computeIfAbsent(build.id(), id -> new LiveLog(Path.of(build.logPath())));
        builds.started(build.id());
        Integer release = null;
        try {
            release = work.run(build, log);
        } catch (Exception e) {
            LOG.warn("build {} of {} failed unexpectedly", build.id(), build.app(), e);
            log.failed("HIY failed while deploying: " + e.getMessage());
        } finally {
            boolean ok = release != null;
            Builds.Status status = ok ? Builds.Status.SUCCEEDED
                    : stopping ? Builds.Status.INTERRUPTED : Builds.Status.FAILED;
            builds.finished(build.id(), status, release, ok ? null : log.failure());
            log.finish(ok);
            live.remove(build.id());
        }
    }

    private static List<String> readLogFile(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of("cannot read build log " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        worker.interrupt();
        worker.join(5000);
    }
}
