package hiy.release;

import hiy.config.Settings;
import hiy.model.BuiltImage;
import hiy.model.BuiltSite;
import hiy.model.LineSink;
import hiy.model.Procfile;
import hiy.routing.RouteTable;
import hiy.runtime.ContainerRuntime;
import hiy.store.Apps.App;
import hiy.store.Apps;
import hiy.store.Checks;
import hiy.store.ConfigVars;
import hiy.store.DataDir;
import hiy.store.Formation;
import hiy.store.Processes.AppProcess;
import hiy.store.Processes;
import hiy.store.Releases.Release;
import hiy.store.Releases;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The health-gated switch: its lock and its transitions. Each app has a pool of loopback slots, all always in its
 * Caddy route; new web containers start on slots no container of the app uses, must answer HTTP there, and only
 * then are the old ones drained and stopped. A slot where no ready process of the current release serves is held
 * out of Caddy's rotation (RouteTable, HeldSlots), so the route itself never changes during a switch. Deploys,
 * config changes, rollbacks, restarts, scale changes ({@link Scaling}) and revivals ({@link Revival}) all come
 * through here, one at a time.
 */
public final class ReleaseSwitch {
    private final Apps apps;
    private final Releases releases;
    private final Processes processes;
    private final Formation formation;
    private final ConfigVars config;
    private final ContainerRuntime runtime;
    private final RouteTable routes;
    private final AppShapes shapes;
    private final HealthChecks checks;
    private final ReleaseEnvironment releaseEnv;
    private final ProcessLauncher launcher;
    private final Drain drain;
    private final ReleasePhase phase;
    private final SlotAllocation slots;
    private final ImagePruning pruning;
    private final Teardown teardown;
    private final StaticRelease statics;
    private final Scaling scaling;
    private final Revival revival;
    /** Fair, so a config change waits behind the build that is switching, in arrival order. */
    private final ReentrantLock oneAtATime = new ReentrantLock(true);
    private volatile Consumer<Release> wentLive = r -> { };
    private final SwitchDurations durations = new SwitchDurations();

    public ReleaseSwitch(Apps apps, Releases releases, Processes processes, Formation formation, ConfigVars config,
                         Checks checks, ContainerRuntime runtime, RouteTable routes, SlotGate gate, Settings settings,
                         AppShapes shapes) {
        this.apps = apps;
        this.releases = releases;
        this.processes = processes;
        this.formation = formation;
        this.config = config;
        this.runtime = runtime;
        this.routes = routes;
        this.shapes = shapes;
        this.checks = new HealthChecks(checks, settings);
        this.releaseEnv = new ReleaseEnvironment(releases, config);
        this.slots = new SlotAllocation(apps, processes, routes);
        this.launcher = new ProcessLauncher(runtime, processes, formation, routes, shapes, gate, slots);
        this.drain = new Drain(gate, routes, runtime, processes);
        this.phase = new ReleasePhase(runtime, shapes);
        this.pruning = new ImagePruning(releases, runtime, settings);
        this.teardown = new Teardown(apps, releases, processes, runtime, routes);
        this.statics = new StaticRelease(apps, releases, processes, config, routes, drain,
                new DataDir(settings.dataDir()).sites(), settings.keepReleases());
        this.scaling = new Scaling(apps, releases, processes, formation, settings, launcher, this.checks, releaseEnv, slots,
                drain);
        this.revival = new Revival(apps, releases, processes, runtime,
                new ExpectedProcesses(releases, processes, formation, runtime), launcher, this.checks, releaseEnv, slots);
    }

    /** A freshly built image becomes the next release, with the app's current config; its release command runs. */
    public Release deploy(String app, BuiltImage image, Procfile procfile, String sha, String user, LineSink log)
            throws SwitchFailure {
        return locked(() -> switchTo(app, image, procfile, sha, Releases.BUILT, user, config.of(app), true, log));
    }

    /** A static site's freshly written files become the next release: one route change, no container. */
    public Release deploySite(String app, BuiltSite site, String sha, String user, LineSink log) throws SwitchFailure {
        return locked(() -> {
            long start = System.nanoTime();
            Release next = statics.deploy(app, site, sha, user, checks.stopGrace(app), log);
            pruning.prune(app);
            durations.record(app, (System.nanoTime() - start) / 1e9);
            wentLive.accept(next);
            return next;
        });
    }

    /**
     * Changes the stored config while no switch is under way (so a rollback, which puts back an older config, never
     * interleaves with it and loses the change); then, if asked to restart and the app has a release, the current
     * image with the changed config becomes the next release and its release command runs. Without a restart the
     * change waits: the next deploy, restart or start of a stopped app makes the release that carries it.
     */
    public Optional<Release> reconfigure(String app, Runnable change, boolean restart, String user, LineSink log)
            throws SwitchFailure {
        return locked(() -> {
            change.run();
            if (!restart) return Optional.empty();
            Optional<Release> current = apps.find(app).flatMap(releases::current);
            if (current.isEmpty()) return Optional.empty();
            return Optional.of(releaseConfig(current.get(), user, log));
        });
    }

    private Release releaseConfig(Release current, String user, LineSink log) throws SwitchFailure {
        if (current.isStatic()) {
            return statics.switchTo(current.app(), current.site(), current.sha(), "config", user,
                    config.of(current.app()), checks.stopGrace(current.app()), log);
        }
        return switchTo(current.app(), imageOf(current), Procfile.stored(current.procfile()), current.sha(), "config",
                user, config.of(current.app()), true, log);
    }

    private Release releaseChangedConfig(Release current, String user, LineSink log) throws SwitchFailure {
        log.line("-----> The config changed since v" + current.version() + " was made: it goes live as a new release");
        return releaseConfig(current, user, log);
    }

    /**
     * An earlier release's kept image, Procfile and environment become the next release, without a build and
     * without its release command (it ran when that code and config first went live); once it is live, that
     * environment is the stored config again. A release from before HIY kept environments runs with today's config.
     */
    public Release rollback(String app, int version, String user, LineSink log) throws SwitchFailure {
        return locked(() -> {
            Release target = releases.find(app, version).orElseThrow(() ->
                    new SwitchFailure("there is no release v" + version + " of " + app + "; see: ssh hiy@HOST releases " + app));
            byte[] sealed = releases.sealedEnv(app, version);
            Map<String, String> env = sealed == null ? config.of(app) : config.open(sealed);
            Release made = target.isStatic()
                    ? statics.switchTo(app, target.site(), target.sha(), "rollback v" + version, user, env,
                            checks.stopGrace(app), log)
                    : switchTo(app, imageOf(target), Procfile.stored(target.procfile()), target.sha(),
                            "rollback v" + version, user, env, false, log);
            // As on Heroku, the config goes back too: `config`, `run` and the next restart see what now runs.
            if (sealed != null) config.replace(app, env);
            return made;
        });
    }

    /**
     * The current release again, every process in a fresh container, through the same health gate. If the config
     * was changed since that release was made (--no-restart, or a config change that did not get healthy), the
     * restart makes a new config release with it instead, as config:set would have.
     */
    public Release restart(String app, String user, LineSink log) throws SwitchFailure {
        return locked(() -> {
            Release current = requireCurrent(app);
            if (!releaseEnv.isStored(current)) return releaseChangedConfig(current, user, log);
            if (current.isStatic()) {
                log.line("-----> " + app + " is a static site: Caddy serves its files, there is no process to restart");
                return current;
            }
            List<AppProcess> old = processes.of(app);
            boolean gap = shapes.exclusive(app) && !old.isEmpty();
            if (gap) stopFirst(current, current.version(), old, log);
            try {
                launcher.startFormation(current, Procfile.stored(current.procfile()), releaseEnv.of(current),
                        checks.of(app),
                        "v" + current.version() + (gap ? " is started again" : " keeps serving"), log);
            } catch (SwitchFailure e) {
                if (gap) revival.startAgain(current, log);
                throw e;
            }
            apps.setStopped(app, false);
            slots.applyRoutes();
            // After a gap the old ones are gone; retiring them again would hold a slot a new one may now use.
            if (!gap) drain.retire(old, checks.stopGrace(app));
            return current;
        });
    }

    /**
     * Changes what the app's containers look like (volumes, limits, labels) while no switch is under way; then, if
     * the app runs, restarts it so every process gets the new shape, through the health gate. Empty when nothing
     * runs that needed a restart: the next start or deploy has the new shape.
     */
    public Optional<Release> reshape(String app, Runnable change, String user, LineSink log) throws SwitchFailure {
        return locked(() -> {
            change.run();
            App a = apps.find(app).orElseThrow(() -> new SwitchFailure("no app named " + app));
            if (a.stopped() || releases.current(a).isEmpty()) return Optional.empty();
            return Optional.of(restart(app, user, log));
        });
    }

    /** With a volume only one release may mount: the old processes stop before the new ones start. */
    private void stopFirst(Release running, int next, List<AppProcess> old, LineSink log) {
        log.line("-----> " + running.app() + " has an exclusive volume: v" + running.version() + " stops before v"
                + next + " starts, so the app does not answer for a few seconds");
        drain.retire(old, checks.stopGrace(running.app()));
    }

    /** Stops the app's containers; it stays stopped (also across HIY restarts) until {@link #start}. */
    public void stop(String app) throws SwitchFailure {
        locked(() -> {
            Release current = requireCurrent(app);
            apps.setStopped(app, true);
            drain.retire(processes.of(app), checks.stopGrace(app));
            slots.applyRoutes();
            return current;
        });
    }

    /**
     * Starts what the formation asks for of the current release (all of it after a stop). A stopped app whose
     * config changed since starts as a new config release, since every process starts fresh anyway.
     */
    public Release start(String app, String user, LineSink log) throws SwitchFailure {
        return locked(() -> {
            Release current = requireCurrent(app);
            if (apps.find(app).orElseThrow().stopped() && !releaseEnv.isStored(current)) {
                return releaseChangedConfig(current, user, log);
            }
            revival.release(current, log);
            apps.setStopped(app, false);
            slots.applyRoutes();
            return current;
        });
    }

    /**
     * Sets how many containers of each process type run, starting the new ones through the health gate before any
     * surplus one is drained and stopped. If a new one fails, those started are removed and the scale stays as it
     * was. Without a release yet, or while stopped, the scale is only kept for the next start.
     */
    public void scale(String app, Map<String, Integer> wanted, LineSink log) throws SwitchFailure {
        locked(() -> {
            App a = apps.find(app).orElseThrow(() -> new SwitchFailure("no app named " + app));
            if (a.currentRelease() != null && releases.find(app, a.currentRelease()).filter(Release::isStatic).isPresent()) {
                throw new ScaleRefused(app + " is a static site: Caddy serves its files and no process runs, so there"
                        + " is nothing to scale (push an app with a Dockerfile or a Procfile to run processes)");
            }
            scaling.scale(app, wanted, log);
            return null;
        });
    }

    /**
     * Starts process TYPE.INDEX of the app's current release again if the app should run it and its container does
     * not run (after a reboot, a crash, a removal). Decided under the lock, so it never races a switch. Returns the
     * process started, or empty if nothing needed doing.
     */
    public Optional<AppProcess> reviveIfDown(String app, String type, int index) throws SwitchFailure {
        return locked(() -> revival.ifDown(app, type, index));
    }

    /** Every process of the app that should run but does not, started again (HIY's own start, after a reboot). */
    public List<AppProcess> reviveAll(String app) throws SwitchFailure {
        return locked(() -> revival.all(app));
    }

    /** The slot the app's next web process will likely start on (see {@link RouteTable#soon}). */
    public OptionalInt likelySlot(String app) {
        return slots.likelyFree(app);
    }

    /** The tag the build of the app's release {@code version} gets: this HIY's, never another's on the same Podman. */
    public String imageTag(String app, int version) {
        return runtime.instance().imageTag(app, version);
    }

    /**
     * Removes every container and image of the app, then its record; its volumes too only if asked (else they stay,
     * with their data, for an admin to mount again). Under the lock, so a revive by the supervisor cannot start a
     * container of it meanwhile.
     */
    public Teardown.Destroyed destroy(String app, boolean withVolumes) throws SwitchFailure {
        return locked(() -> {
            durations.forget(app);
            Teardown.Destroyed destroyed = teardown.destroy(app, withVolumes);
            statics.removeAll(app);
            return destroyed;
        });
    }

    /** A static app's site folders follow it to its new name (apps:rename, which holds the lock). */
    void renameSites(String from, String to) throws IOException {
        statics.rename(from, to);
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

    private Release switchTo(String appName, BuiltImage image, Procfile procfile, String sha, String kind, String user,
                             Map<String, String> env, boolean releasePhase, LineSink log) throws SwitchFailure {
        long start = System.nanoTime();
        App app = apps.find(appName).orElseThrow();
        Optional<Release> previous = releases.current(app);
        List<AppProcess> old = processes.of(appName);
        boolean gap = shapes.exclusive(appName) && previous.isPresent() && !old.isEmpty();
        String serving = previous.filter(p -> !old.isEmpty() || p.isStatic())
                .map(p -> "v" + p.version() + (gap ? " is started again" : " keeps serving"))
                .orElse("nothing was serving before");
        Release next = releases.create(appName, image.tag(), image.imageId(), sha, image.port(), procfile.text(), kind,
                user, config.seal(env));
        try {
            if (gap) stopFirst(previous.get(), next.version(), old, log);
            if (releasePhase && procfile.releaseCommand().isPresent()) phase.run(next, procfile, env, serving, log);
            launcher.startFormation(next, procfile, env, checks.of(appName), serving, log);
        } catch (SwitchFailure e) {
            releases.setStatus(appName, next.version(), Releases.Status.FAILED);
            if (gap) revival.startAgain(previous.get(), log);
            throw e;
        }
        releases.setStatus(appName, next.version(), Releases.Status.LIVE);
        apps.setCurrentRelease(appName, next.version());
        apps.setStopped(appName, false);
        if (procfile.has(Procfile.WEB) && formation.quantity(appName, Procfile.WEB) > 0) {
            log.line("-----> Routing " + routes.host(appName) + " → release v" + next.version());
        } else {
            log.line("-----> " + appName + " runs no web process, so " + routes.host(appName) + " answers 503");
        }
        slots.applyRoutes();
        if (!gap) drain.retire(old, checks.stopGrace(appName));
        previous.ifPresent(p -> releases.setStatus(appName, p.version(), Releases.Status.RETIRED));
        pruning.prune(appName);
        statics.prune(appName);
        durations.record(appName, (System.nanoTime() - start) / 1e9);
        wentLive.accept(next);
        return next;
    }

    /** How long the switches to a live release took since HIY started. */
    public SwitchDurations durations() {
        return durations;
    }

    /** Told of each release once it is live, on the switch's thread (so it must only hand the news on). */
    public void onLive(Consumer<Release> listener) {
        this.wentLive = listener;
    }

    private Release requireCurrent(String app) throws SwitchFailure {
        App a = apps.find(app).orElseThrow(() -> new SwitchFailure("no app named " + app));
        return releases.current(a).orElseThrow(() -> new SwitchFailure(
                Releases.noneYet(app, "git push ssh://hiy@HOST:PORT/" + app + " main")));
    }

    private static BuiltImage imageOf(Release r) {
        return new BuiltImage(r.image(), r.imageId(), r.appPort());
    }

    /** Work done with no switch under way. */
    public interface Step<T> {
        T run() throws SwitchFailure;
    }

    /**
     * Runs the work with no switch under way and none starting before it ends (it may call this switch's operations):
     * for work that moves all of an app at once, as apps:rename does.
     */
    public <T> T exclusively(Step<T> work) throws SwitchFailure {
        return locked(work);
    }

    private <T> T locked(Step<T> step) throws SwitchFailure {
        oneAtATime.lock();
        try {
            return step.run();
        } finally {
            oneAtATime.unlock();
        }
    }
}
