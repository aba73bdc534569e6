package hiy.release;

import hiy.notify.Event;
import hiy.routing.CaddyProcess;
import hiy.routing.RouteTable;
import hiy.routing.RoutingFailure;
import hiy.runtime.AppContainers;
import hiy.runtime.PodmanConnection;
import hiy.store.Apps;
import hiy.store.Processes.AppProcess;
import hiy.store.Processes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Keeps the world the way the store says while HIY runs, every {@link #TICK}, on one daemon thread, in this order:
 * the Podman API answers (reconnecting, or starting HIY's service again); the Caddy HIY started runs (started again
 * with its last config) and routes every app (a no-op when it already does); containers labelled with a known app
 * that HIY has no process record for are removed; and every process that should run but whose container exited or
 * vanished is started again through the release switch, with exponential backoff, on a second thread, so a slow
 * boot never holds up the rounds. A process that keeps crashing is reported as crash-looping ({@link #health}),
 * not hidden. A container that HIY saw running is watched by its process (no call to Podman while it lives), and
 * after a round with nothing to do HIY's own Podman service may go to sleep ({@link PodmanConnection#sleepIfIdle}).
 */
public final class Supervisor implements AutoCloseable {
    static final Duration TICK = Duration.ofSeconds(2);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    /** Up this long after a restart: the backoff starts again from the first step and a crash loop is over. */
    static final Duration STABLE_AFTER = Duration.ofSeconds(60);
    static final Duration CRASH_LOOP_WINDOW = Duration.ofMinutes(5);
    static final int CRASH_LOOP_RESTARTS = 5;
    private static final Duration MIN_PAUSE = Duration.ofMillis(200);
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    /**
     * What the supervisor saw of one app since HIY started. lastExit: "exit code N", "out of memory (limit N MB)", "removed"
     * (the container was gone) or null; crashLoopSince: when the current crash loop began, null if none.
     */
    public record Health(int restarts, String lastExit, Instant lastRestart, Instant crashLoopSince) {
        public static final Health NONE = new Health(0, null, null, null);

        public boolean crashLoop() {
            return crashLoopSince != null;
        }
    }

    private final Apps apps;
    private final Processes processes;
    private final ReleaseSwitch releaseSwitch;
    private final ExpectedProcesses expected;
    private final AppContainers containers;
    private final PodmanConnection podman;
    private final CaddyProcess caddy;
    private final RouteTable routes;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    /** Restarts run here, one at a time, apart from the rounds; a process is in {@link #reviving} meanwhile. */
    private final ExecutorService revivals = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hiy-revive");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> reviving = ConcurrentHashMap.newKeySet();
    private volatile Consumer<Event> crashes = e -> { };
    private final Thread thread;
    private volatile boolean running = true;
    private boolean podmanDown;
    private boolean routingDown;

    public Supervisor(Apps apps, Processes processes, ReleaseSwitch releaseSwitch, ExpectedProcesses expected,
                      AppContainers containers, PodmanConnection podman, CaddyProcess caddy, RouteTable routes) {
        this.expected = expected;
        this.apps = apps;
        this.processes = processes;
        this.releaseSwitch = releaseSwitch;
        this.containers = containers;
        this.podman = podman;
        this.caddy = caddy;
        this.routes = routes;
        this.thread = new Thread(this::loop, "hiy-supervisor");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** What `ps` shows of one process (web.1, worker.2 …): restarts, how it last ended, whether it crash-loops. */
    public Health health(String app, String process) {
        Watch w = watches.get(key(app, process));
        return w == null ? Health.NONE : w.health();
    }

    /** What `apps` shows: restarts of all the app's processes, the latest exit, a crash loop of any of them. */
    public Health health(String app) {
        Health all = Health.NONE;
        for (Map.Entry<String, Watch> e : watches.entrySet()) {
            if (!e.getKey().startsWith(app + "/")) continue;
            Health h = e.getValue().health();
            boolean later = h.lastRestart() != null && (all.lastRestart() == null || h.lastRestart().isAfter(all.lastRestart()));
            all = new Health(all.restarts() + h.restarts(), later ? h.lastExit() : all.lastExit(),
                    later ? h.lastRestart() : all.lastRestart(),
                    all.crashLoopSince() != null ? all.crashLoopSince() : h.crashLoopSince());
        }
        return all;
    }

    private static String key(String app, String process) {
        return app + "/" + process;
    }

    @Override
    public void close() {
        running = false;
        revivals.shutdownNow();
        thread.interrupt();
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        // The rounds' own calls are not use: else they alone would keep an unused Podman service awake.
        PodmanConnection.quietOnThisThread();
        while (running) {
            Instant next = Instant.now().plus(TICK);
            try {
                next = tick();
            } catch (RuntimeException e) {
                // Closing interrupts a call in flight; only a failure while running is news.
                if (running) LOG.warn("supervisor round failed, trying again in {} s: {}", TICK.toSeconds(), e.toString());
            }
            Duration pause = Duration.between(Instant.now(), next);
            try {
                Thread.sleep(Math.max(MIN_PAUSE.toMillis(), pause.toMillis()));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One round; returns when the next should start (sooner than a tick when a restart falls due). */
    private Instant tick() {
        Instant next = Instant.now().plus(TICK);
        if (!podmanAnswers()) return next;
        keepRouting();
        // Strays come only from Podman work, so none can appear while HIY's service sleeps.
        if (!containers.engineAsleep()) releaseSwitch.ifIdle(this::removeStrays);
        Set<String> known = new HashSet<>();
        Set<String> appNames = new HashSet<>();
        for (Apps.App app : apps.all()) {
            appNames.add(app.name());
            for (ExpectedProcesses.Expected e : expected.of(app)) {
                if (!running) break;
                known.add(key(app.name(), e.name()));
                Instant due = watch(app.name(), e);
                if (due != null && due.isBefore(next)) next = due;
            }
        }
        // A process no longer expected (stopped, scaled down, app destroyed) has no outage to remember; its
        // counts stay for `ps` until the app is gone.
        watches.forEach((k, w) -> {
            if (!known.contains(k)) w.notExpected();
        });
        watches.keySet().removeIf(k -> !appNames.contains(k.substring(0, k.indexOf('/'))));
        if (reviving.isEmpty()) releaseSwitch.ifIdle(podman::sleepIfIdle);
        return next;
    }

    private boolean podmanAnswers() {
        boolean ok = podman.ensureAlive();
        if (ok && podmanDown) LOG.info("Podman answers again");
        podmanDown = !ok;
        return ok;
    }

    private void keepRouting() {
        caddy.ensureAlive();
        try {
            routes.apply();
            if (routingDown) LOG.info("Caddy routes every app again");
            routingDown = false;
        } catch (RoutingFailure e) {
            if (!routingDown) LOG.warn("Caddy cannot be given HIY's routes (trying again every {} s): {}",
                    TICK.toSeconds(), e.getMessage());
            routingDown = true;
        }
    }

    /**
     * Runs while no switch is under way, so every container of a known app that HIY has no process record for is
     * left over (or was started by hand with HIY's labels). Containers of apps this HIY does not know, and every
     * container of another HIY on the same Podman (whatever its app is called), are not its business.
     */
    private void removeStrays() {
        Set<String> known = new HashSet<>();
        Set<String> kept = new HashSet<>();
        for (Apps.App app : apps.all()) {
            known.add(app.name());
            processes.of(app.name()).forEach(p -> kept.add(p.container()));
        }
        for (AppContainers.Labelled c : containers.labelled()) {
            if (!known.contains(c.app()) || kept.contains(c.name())) continue;
            LOG.info("removing stray container {} of {} (HIY did not start it for a current process)", c.name(), c.app());
            containers.remove(c.id());
        }
    }

    /** Checks one process, restarting it if it is down and its backoff has passed; returns when to look again, or null. */
    private Instant watch(String app, ExpectedProcesses.Expected e) {
        String name = app + " " + e.name();
        if (reviving.contains(key(app, e.name()))) return null;
        Watch w = watches.computeIfAbsent(key(app, e.name()), k -> new Watch());
        Instant now = Instant.now();
        Optional<AppContainers.State> state = e.process().flatMap(p -> containers.state(p.container()));
        e.process().ifPresent(p -> w.follow(p.release()));
        if (state.isPresent() && state.get().running()) {
            w.up(name, now);
            return null;
        }
        String container = e.process().map(AppProcess::container).orElse("(none)");
        Instant due = w.down(name, state.map(AppContainers.State::exitReason).orElse("removed"), now);
        if (now.isBefore(due)) return due;
        String key = key(app, e.name());
        if (reviving.add(key)) {
            revivals.execute(() -> {
                try {
                    revive(app, e, name, container, w, now);
                } finally {
                    reviving.remove(key);
                }
            });
        }
        return null;
    }

    /** Until a crash loop is noticed, each crash is told; then once more at its start, and no more while it lasts. */
    private void tellCrash(String app, Integer release, String process, Health health, String outcome) {
        crashes.accept(Event.crashed(app, release, process + " stopped (" + health.lastExit() + "); " + outcome
                + (health.crashLoop() ? "; it keeps crashing (a crash loop): no more is told until it stays up" : "")));
    }

    /** Told of each crash of an app's process (on the supervisor's thread: only hand the news on). */
    public void onCrash(Consumer<Event> listener) {
        this.crashes = listener;
    }

    /** On the revive thread: a process that takes its whole boot timeout holds up no Caddy or Podman check. */
    private void revive(String app, ExpectedProcesses.Expected e, String name, String container, Watch w, Instant now) {
        try {
            Optional<AppProcess> revived = releaseSwitch.reviveIfDown(app, e.type(), e.index());
            if (revived.isEmpty()) {
                w.up(name, now);
                return;
            }
            LOG.info("{} runs again (release v{})", name, revived.get().release());
            boolean toldBefore = w.health().crashLoop();
            w.restarted(name, container, now, false);
            if (!toldBefore) tellCrash(app, revived.get().release(), e.name(), w.health(), "HIY started it again");
        } catch (SwitchFailure failure) {
            if (!running) return;
            LOG.warn("{} did not come back: {}", name, failure.getMessage());
            boolean toldBefore = w.health().crashLoop();
            w.restarted(name, container, now, true);
            if (!toldBefore) tellCrash(app, null, e.name(), w.health(), "it did not come back: " + failure.getMessage());
        } catch (RuntimeException failure) {
            if (running) LOG.warn("starting {} again failed: {}", name, failure.toString());
        }
    }

    /** Mutable per-process bookkeeping, touched by the supervisor and revive threads; {@link #health} reads a snapshot. */
    private static final class Watch {
        private final Deque<Instant> recent = new ArrayDeque<>();
        private int release;
        private int restarts;
        private String lastExit;
        private boolean keepExit;
        private Instant lastRestart;
        private Instant crashLoopSince;
        private Instant downSince;
        private Instant due;
        private Duration backoff = FIRST_BACKOFF;

        synchronized Health health() {
            return new Health(restarts, lastExit, lastRestart, crashLoopSince);
        }

        /** A new release (deploy, config change, rollback) starts with a clean slate, but the count is kept. */
        synchronized void follow(int version) {
            if (version == release) return;
            release = version;
            backoff = FIRST_BACKOFF;
            recent.clear();
            crashLoopSince = null;
            downSince = null;
        }

        /** Notes the app down (once per outage) and returns when it may be started again. */
        synchronized Instant down(String process, String exitReason, Instant now) {
            if (downSince == null) {
                downSince = now;
                due = now.plus(backoff);
                if (!keepExit) lastExit = exitReason;
                keepExit = false;
                LOG.info("{} is down ({}); starting it again in {} s", process, lastExit, backoff.toMillis() / 1000.0);
            }
            return due;
        }

        /** Stopped by its user, or no release yet: nothing to restart, and no outage to remember. */
        synchronized void notExpected() {
            downSince = null;
            keepExit = false;
        }

        synchronized void up(String app, Instant now) {
            downSince = null;
            keepExit = false;
            if (lastRestart == null || now.isBefore(lastRestart.plus(STABLE_AFTER))) return;
            backoff = FIRST_BACKOFF;
            if (crashLoopSince != null) {
                LOG.info("{} has stayed up for {} s: no longer in a crash loop", app, STABLE_AFTER.toSeconds());
                crashLoopSince = null;
                recent.clear();
            }
        }

        /** unhealthy: the new container did not answer and was removed, so its end says nothing new. */
        synchronized void restarted(String app, String container, Instant now, boolean unhealthy) {
            if (unhealthy) {
                lastExit = lastExit + ", then did not become healthy";
                keepExit = true;
            }
            restarts++;
            lastRestart = now;
            downSince = null;
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            recent.addLast(now);
            while (recent.peekFirst().isBefore(now.minus(CRASH_LOOP_WINDOW))) recent.removeFirst();
            if (crashLoopSince == null && recent.size() >= CRASH_LOOP_RESTARTS) {
                crashLoopSince = now;
                LOG.warn("{} is in a crash loop: {} restarts within {} min, last exit: {}. Its log says why:"
                                + " podman logs {}", app, recent.size(), CRASH_LOOP_WINDOW.toMinutes(), lastExit,
                        container);
            }
        }
    }
}
