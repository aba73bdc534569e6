package hiy.runtime;

import hiy.build.BuiltImage;
import hiy.build.LineSink;
import hiy.config.Settings;
import hiy.routing.RouteTable;
import hiy.routing.RoutingFailure;
import hiy.store.Apps;
import hiy.store.Apps.App;
import hiy.store.Checks;
import hiy.store.ConfigVars;
import hiy.store.Releases;
import hiy.store.Releases.Release;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The health-gated switch. Each app has two loopback slots, both always in its Caddy route; a new container
 * starts on the slot the live one does not use, must answer HTTP there, and only then is the old one stopped.
 * Caddy retries a refused dial on the other slot, so the route itself never changes during a switch.
 * Deploys, config changes, rollbacks and restarts all come through here, one at a time.
 */
public final class ReleaseSwitch {
    private static final int LOG_LINES_ON_FAILURE = 20;

    private final Apps apps;
    private final Releases releases;
    private final ConfigVars config;
    private final Checks checks;
    private final SlotGate gate;
    private static final long DRAIN_POLL_MILLIS = 20;
    private final ContainerRuntime runtime;
    private final RouteTable routes;
    private final Settings settings;
    /** Fair, so a config change waits behind the build that is switching, in arrival order. */
    private final ReentrantLock oneAtATime = new ReentrantLock(true);

    public ReleaseSwitch(Apps apps, Releases releases, ConfigVars config, Checks checks, ContainerRuntime runtime,
                         RouteTable routes, SlotGate gate, Settings settings) {
        this.gate = gate;
        this.checks = checks;
        this.apps = apps;
        this.releases = releases;
        this.config = config;
        this.runtime = runtime;
        this.routes = routes;
        this.settings = settings;
    }

    /** A freshly built image becomes the next release, with the app's current config. */
    public Release deploy(String app, BuiltImage image, String sha, String user, LineSink log) throws SwitchFailure {
        return locked(() -> switchTo(app, image, sha, "deploy", user, config.of(app), log));
    }

    /** The current image with the app's changed config becomes the next release. */
    public Release reconfigure(String app, String user, LineSink log) throws SwitchFailure {
        return locked(() -> {
            Release current = requireCurrent(app);
            return switchTo(app, imageOf(current), current.sha(), "config", user, config.of(app), log);
        });
    }

    /** An earlier release's kept image and environment become the next release, without a build. */
    public Release rollback(String app, int version, String user, LineSink log) throws SwitchFailure {
        return locked(() -> {
            Release target = releases.find(app, version).orElseThrow(() ->
                    new SwitchFailure("there is no release v" + version + " of " + app + "; see: ssh hiy@HOST releases " + app));
            Map<String, String> env = config.open(releases.sealedEnv(app, version));
            return switchTo(app, imageOf(target), target.sha(), "rollback v" + version, user, env, log);
        });
    }

    /** The current release again, in a fresh container, through the same health gate. */
    public Release restart(String app, LineSink log) throws SwitchFailure {
        return locked(() -> {
            Release current = requireCurrent(app);
            App a = apps.find(app).orElseThrow();
            int slot = freeSlot(a, a.otherSlot(current.hostPort()), log);
            a = apps.find(app).orElseThrow();
            String container = "hiy-" + app + "-v" + current.version() + (slot == a.slotA() ? "-a" : "-b");
            Release moved = new Release(app, current.version(), current.image(), current.imageId(), current.sha(),
                    container, slot, current.appPort(), current.kind(), current.status(), current.createdBy(),
                    current.createdAt());
            startHealthy(moved, config.open(releases.sealedEnv(app, current.version())), Optional.of(current), log);
            releases.moveTo(app, current.version(), container, slot);
            apps.setStopped(app, false);
            applyRoutes();
            retire(current, false);
            return moved;
        });
    }

    /** Stops the app's container; it stays stopped (also across HIY restarts) until {@link #start}. */
    public void stop(String app) throws SwitchFailure {
        locked(() -> {
            Release current = requireCurrent(app);
            apps.setStopped(app, true);
            retire(current, false);
            applyRoutes();
            return current;
        });
    }

    public Release start(String app, LineSink log) throws SwitchFailure {
        return locked(() -> {
            Release current = requireCurrent(app);
            if (!runtime.isRunning(current.container())) {
                startHealthy(current, config.open(releases.sealedEnv(app, current.version())), Optional.empty(), log);
            }
            apps.setStopped(app, false);
            applyRoutes();
            return current;
        });
    }

    /** Starts the container of a release that should be running but is not (after a reboot or a crash). */
    public void revive(Release release) throws SwitchFailure {
        locked(() -> {
            startHealthy(release, config.open(releases.sealedEnv(release.app(), release.version())), Optional.empty(),
                    LineSink.NULL);
            return release;
        });
    }

    // For hiy.server.Supervisor: both decide under the lock, so they never race a deploy, stop or restart.

    /**
     * Starts the app's current release again if the app should run (not stopped by its user) and its container
     * does not. Returns the release started, or empty if nothing needed doing.
     */
    public Optional<Release> reviveIfDown(String app) throws SwitchFailure {
        return locked(() -> {
            Optional<App> a = apps.find(app);
            Optional<Release> current = a.filter(x -> !x.stopped()).flatMap(this::currentRelease);
            if (current.isEmpty() || runtime.isRunning(current.get().container())) return Optional.empty();
            revive(current.get());
            return current;
        });
    }

    /** Runs the task only if no switch is under way (none can start during it); returns whether it ran. */
    public boolean ifIdle(Runnable task) {
        if (!oneAtATime.tryLock()) return false;
        try {
            task.run();
            return true;
        } finally {
            oneAtATime.unlock();
        }
    }

    public Optional<Release> currentRelease(App app) {
        if (app.currentRelease() == null) return Optional.empty();
        return releases.find(app.name(), app.currentRelease());
    }

    private Release switchTo(String appName, BuiltImage image, String sha, String kind, String user,
                             Map<String, String> env, LineSink log) throws SwitchFailure {
        App app = apps.find(appName).orElseThrow();
        Optional<Release> previous = currentRelease(app);
        Optional<Release> current = previous.filter(r -> runtime.isRunning(r.container()));
        int slot = freeSlot(app, current.map(r -> app.otherSlot(r.hostPort())).orElse(app.slotA()), log);
        Release next = releases.create(appName, image.tag(), image.imageId(), sha, slot, image.port(), kind, user,
                config.seal(env));
        try {
            startHealthy(next, env, current, log);
        } catch (SwitchFailure e) {
            releases.setStatus(appName, next.version(), Releases.Status.FAILED);
            throw e;
        }
        releases.setStatus(appName, next.version(), Releases.Status.LIVE);
        apps.setCurrentRelease(appName, next.version());
        apps.setStopped(appName, false);
        log.line("-----> Routing " + routes.host(appName) + " → release v" + next.version());
        try {
            routes.apply();
        } catch (RoutingFailure e) {
            throw new SwitchFailure("release v" + next.version() + " runs, but Caddy refused its route: " + e.getMessage());
        }
        previous.ifPresent(old -> retire(old, true));
        pruneImages(appName);
        return next;
    }

    /**
     * The slot a new container will use, moved to another port if something outside HIY took it since the app was
     * created. Moving changes the app's route, the one case where a switch touches Caddy's config.
     */
    private int freeSlot(App app, int slot, LineSink log) throws SwitchFailure {
        if (Slots.free(slot)) return slot;
        int moved = Slots.pick(apps.usedSlots(), 1)[0];
        apps.replaceSlot(app.name(), slot, moved);
        log.line("       port " + slot + " is taken by another program; " + app.name() + " now uses " + moved);
        try {
            routes.apply();
        } catch (RoutingFailure e) {
            throw new SwitchFailure("Caddy refused the route to the new port " + moved + ": " + e.getMessage());
        }
        return moved;
    }

    /** Starts the release's container and waits for it to answer; on failure removes it and explains. */
    private void startHealthy(Release r, Map<String, String> env, Optional<Release> serving, LineSink log)
            throws SwitchFailure {
        Map<String, String> containerEnv = new HashMap<>(env);
        containerEnv.put("PORT", String.valueOf(r.appPort()));
        String name = "release v" + r.version();
        HealthCheck check = healthCheck(r.app());
        try {
            runtime.start(new ContainerSpec(r.container(), r.image(), r.hostPort(), r.appPort(), containerEnv,
                    Map.of("hiy.app", r.app(), "hiy.release", String.valueOf(r.version())),
                    settings.memoryBytes(), settings.cpus()));
        } catch (RuntimeFailure e) {
            throw new SwitchFailure("could not start " + name + ": " + e.getMessage());
        }
        try {
            Duration healthy = HttpHealthCheck.awaitHealthy(r.hostPort(), check,
                    () -> runtime.isRunning(r.container()));
            log.line("-----> Starting " + name + " … healthy in " + seconds(healthy));
        } catch (RuntimeFailure notHealthy) {
            List<String> lastLines = runtime.lastLogLines(r.container(), LOG_LINES_ON_FAILURE);
            runtime.stopAndRemove(r.container(), Duration.ZERO);
            log.line("-----> Starting " + name + " … failed: " + notHealthy.getMessage());
            if (!lastLines.isEmpty()) {
                log.line("       Last lines of its log:");
                lastLines.forEach(l -> log.line("       | " + l));
            }
            throw new SwitchFailure(name + " did not become healthy; "
                    + serving.map(s -> "v" + s.version() + " keeps serving").orElse("nothing was serving before")
                    + ". Make the app answer HTTP on $PORT (" + r.appPort() + ") at " + check.path() + " within "
                    + check.bootTimeout().toSeconds() + " s, then try again");
        }
    }

    /** The app's check: what the user set, else the repo's app.json, else HIY's defaults. */
    public HealthCheck healthCheck(String app) {
        return checks.effective(app, new HealthCheck(HealthCheck.DEFAULT_PATH, HealthCheck.DEFAULT_SUCCESSES,
                HealthCheck.DEFAULT_INTERVAL, settings.bootTimeout(), settings.stopGrace()));
    }

    /** Keeps the images of the newest releases that served (for instant rollback) and removes the rest. */
    private void pruneImages(String app) {
        Set<String> keep = new LinkedHashSet<>();
        List<Release> all = releases.of(app);
        for (Release r : all) {
            boolean served = r.status() == Releases.Status.LIVE || r.status() == Releases.Status.RETIRED;
            if (served && keep.size() < settings.keepReleases()) keep.add(r.image());
        }
        all.stream().map(Release::image).filter(image -> !keep.contains(image)).distinct().forEach(runtime::removeImage);
    }

    /**
     * Drains, then stops: the old slot is shut to new connections (Caddy sends them to the new release), the
     * requests already on it finish (bounded by the grace period), and only then does the container get SIGTERM.
     */
    private void retire(Release old, boolean markRetired) {
        Duration grace = healthCheck(old.app()).stopGrace();
        gate.shut(old.hostPort());
        try {
            if (gate.drains()) awaitDrained(old.hostPort(), grace);
            runtime.stopAndRemove(old.container(), grace);
        } finally {
            gate.open(old.hostPort());
        }
        if (markRetired) releases.setStatus(old.app(), old.version(), Releases.Status.RETIRED);
    }

    private void awaitDrained(int port, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while (routes.inFlight(port) > 0 && System.nanoTime() < deadline) Thread.sleep(DRAIN_POLL_MILLIS);
        } catch (RoutingFailure e) {
            // Caddy cannot tell: stop anyway, as without a drain.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stop and start change whether an app has upstreams at all, so its route changes with them. */
    private void applyRoutes() throws SwitchFailure {
        try {
            routes.apply();
        } catch (RoutingFailure e) {
            throw new SwitchFailure("Caddy refused the new route: " + e.getMessage());
        }
    }

    private Release requireCurrent(String app) throws SwitchFailure {
        App a = apps.find(app).orElseThrow(() -> new SwitchFailure("no app named " + app));
        return currentRelease(a).orElseThrow(() -> new SwitchFailure(
                app + " has no release yet; deploy it first: git push ssh://hiy@HOST:PORT/" + app + " main"));
    }

    private static BuiltImage imageOf(Release r) {
        return new BuiltImage(r.image(), r.imageId(), r.appPort());
    }

    private interface Step<T> {
        T run() throws SwitchFailure;
    }

    private <T> T locked(Step<T> step) throws SwitchFailure {
        oneAtATime.lock();
        try {
            return step.run();
        } finally {
            oneAtATime.unlock();
        }
    }

    public static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    /** How long since a System.nanoTime() reading, as push and command output show durations. */
    public static String secondsSince(long nanoStart) {
        return seconds(Duration.ofNanos(System.nanoTime() - nanoStart));
    }
}
