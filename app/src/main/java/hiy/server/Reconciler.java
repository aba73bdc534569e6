package hiy.server;

import hiy.routing.RouteTable;
import hiy.routing.RoutingFailure;
import hiy.runtime.ContainerRuntime;
import hiy.runtime.ReleaseSwitch;
import hiy.runtime.SwitchFailure;
import hiy.store.Apps;
import hiy.store.Releases;
import hiy.store.Releases.Release;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * At start, makes the world match the store: routes for every app re-applied, and the current release of
 * every app running (started again from its kept image if it is not).
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final Apps apps;
    private final Releases releases;
    private final ReleaseSwitch releaseSwitch;
    private final ContainerRuntime runtime;
    private final RouteTable routes;

    Reconciler(Apps apps, Releases releases, ReleaseSwitch releaseSwitch, ContainerRuntime runtime, RouteTable routes) {
        this.apps = apps;
        this.releases = releases;
        this.releaseSwitch = releaseSwitch;
        this.runtime = runtime;
        this.routes = routes;
    }

    void applyRoutes() throws StartupFailure {
        try {
            routes.apply();
        } catch (RoutingFailure e) {
            throw new StartupFailure("cannot configure Caddy: " + e.getMessage(), e);
        }
    }

    /**
     * A switch cut off by HIY's death is undone: its new container, on the app's free slot, would otherwise get
     * traffic without ever having passed the health check.
     */
    void undoHalfSwitches() {
        for (Release r : releases.abandonStarting()) {
            LOG.info("removing {} release v{}: HIY stopped before it passed its health check", r.app(), r.version());
            runtime.stopAndRemove(r.container(), java.time.Duration.ZERO);
        }
    }

    /** Starts again the current release of every app that should run but does not (after a reboot or crash). */
    void reviveStopped() {
        for (Apps.App app : apps.all()) {
            Optional<Release> current = releaseSwitch.currentRelease(app);
            if (app.stopped() || current.isEmpty() || runtime.isRunning(current.get().container())) continue;
            try {
                LOG.info("starting {} release v{} again", app.name(), current.get().version());
                releaseSwitch.revive(current.get());
            } catch (SwitchFailure e) {
                LOG.warn("{} release v{} did not come back: {}", app.name(), current.get().version(), e.getMessage());
            }
        }
    }
}
