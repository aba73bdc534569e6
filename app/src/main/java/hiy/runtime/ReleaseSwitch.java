package hiy.runtime;

import hiy.build.BuiltImage;
import hiy.build.LiveLog;
import hiy.config.Settings;
import hiy.routing.RouteTable;
import hiy.routing.RoutingFailure;
import hiy.store.Apps;
import hiy.store.Apps.App;
import hiy.store.Releases;
import hiy.store.Releases.Release;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The health-gated switch. Each app has two loopback slots, both always in its Caddy route; a new release
 * starts on the slot the live one does not use, must answer HTTP there, and only then is the old one stopped.
 * Caddy retries a refused dial on the other slot, so the route itself never changes during a deploy.
 */
public final class ReleaseSwitch {
    public static final String HEALTH_PATH = "/";
    private static final int LOG_LINES_ON_FAILURE = 20;

    private final Apps apps;
    private final Releases releases;
    private final ContainerRuntime runtime;
    private final RouteTable routes;
    private final Settings settings;

    public ReleaseSwitch(Apps apps, Releases releases, ContainerRuntime runtime, RouteTable routes, Settings settings) {
        this.apps = apps;
        this.releases = releases;
        this.runtime = runtime;
        this.routes = routes;
        this.settings = settings;
    }

    /** Starts the image as a new release and moves traffic to it, or leaves the current release serving. */
    public Release release(String appName, BuiltImage image, String sha, String kind, String user, LiveLog log)
            throws DeployFailed, RuntimeFailure, RoutingFailure {
        App app = apps.find(appName).orElseThrow();
        Optional<Release> current = currentRelease(app);
        int slot = current.map(r -> app.otherSlot(r.hostPort())).orElse(app.slotA());
        Release next = releases.create(appName, image.tag(), image.imageId(), sha, slot, image.port(), kind, user);
        runtime.start(spec(next));
        Duration healthy;
        try {
            healthy = HttpHealthCheck.awaitHealthy(slot, HEALTH_PATH, settings.bootTimeout(),
                    () -> runtime.isRunning(next.container()));
        } catch (RuntimeFailure notHealthy) {
            List<String> lastLines = runtime.lastLogLines(next.container(), LOG_LINES_ON_FAILURE);
            runtime.stopAndRemove(next.container(), Duration.ZERO);
            releases.setStatus(appName, next.version(), Releases.Status.FAILED);
            log.step("Starting release v" + next.version() + " … failed: " + notHealthy.getMessage());
            if (!lastLines.isEmpty()) {
                log.line("       Last lines of its log:");
                lastLines.forEach(l -> log.line("       | " + l));
            }
            throw new DeployFailed("release v" + next.version() + " did not become healthy; "
                    + current.map(r -> "v" + r.version() + " keeps serving").orElse("nothing was serving before")
                    + ". Make the app answer HTTP on $PORT (" + image.port() + ") within "
                    + settings.bootTimeout().toSeconds() + " s, then push again");
        }
        log.step("Starting release v" + next.version() + " … healthy in " + seconds(healthy));
        releases.setStatus(appName, next.version(), Releases.Status.LIVE);
        apps.setCurrentRelease(appName, next.version());
        log.step("Routing " + routes.host(appName) + " → release v" + next.version());
        routes.apply();
        current.ifPresent(old -> {
            runtime.stopAndRemove(old.container(), settings.stopGrace());
            releases.setStatus(appName, old.version(), Releases.Status.RETIRED);
        });
        return next;
    }

    /** Starts the container of a release that should be running but is not (after a reboot or a crash). */
    public void revive(Release release) throws RuntimeFailure {
        runtime.start(spec(release));
        HttpHealthCheck.awaitHealthy(release.hostPort(), HEALTH_PATH, settings.bootTimeout(),
                () -> runtime.isRunning(release.container()));
    }

    public Optional<Release> currentRelease(App app) {
        if (app.currentRelease() == null) return Optional.empty();
        return releases.find(app.name(), app.currentRelease());
    }

    private ContainerSpec spec(Release r) {
        return new ContainerSpec(r.container(), r.image(), r.hostPort(), r.appPort(),
                Map.of("PORT", String.valueOf(r.appPort())),
                Map.of("hiy.app", r.app(), "hiy.release", String.valueOf(r.version())),
                settings.memoryBytes(), settings.cpus());
    }

    public static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
