package hiy.server;

import hiy.build.BuildQueue;
import hiy.build.DeployBranch;
import hiy.config.StartupFailure;
import hiy.hooks.DeployHook;
import hiy.release.ReleaseSwitch;
import hiy.release.Slots;
import hiy.release.SwitchFailure;
import hiy.routing.RouteTable;
import hiy.routing.RoutingFailure;
import hiy.runtime.ContainerRuntime;
import hiy.runtime.RuntimeFailure;
import hiy.runtime.VolumeArchives;
import hiy.store.Apps;
import hiy.store.Builds;
import hiy.store.Processes.AppProcess;
import hiy.store.Processes;
import hiy.store.Releases.Release;
import hiy.store.Releases;
import hiy.store.Sites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * At start, makes the world match the store: half-finished switches undone, every app's slots and routes in
 * place, and every process the apps should run running (started again from its kept image if it is not).
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    /** How the builds list shows a build HIY queued itself because a release's image was gone. */
    static final String REBUILD_TRIGGER = "rebuild";
    static final String REBUILD_USER = "hiy";

    private final Apps apps;
    private final Releases releases;
    private final Processes processes;
    private final ReleaseSwitch releaseSwitch;
    private final ContainerRuntime runtime;
    private final RouteTable routes;
    private final Path reposDir;
    private final Sites sites;

    Reconciler(Apps apps, Releases releases, Processes processes, ReleaseSwitch releaseSwitch, ContainerRuntime runtime,
               RouteTable routes, Path reposDir, Sites sites) {
        this.reposDir = reposDir;
        this.sites = sites;
        this.apps = apps;
        this.releases = releases;
        this.processes = processes;
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

    /** A backup that died while it read a volume left the app's containers paused (see hiy.backup.VolumeBackup). */
    private void unpauseAfterBackup() {
        try {
            int n = new VolumeArchives().unpauseLeftovers(runtime.instance());
            if (n > 0) LOG.info("unpaused {} container(s) a backup left paused while it read their volume", n);
        } catch (RuntimeFailure e) {
            LOG.warn("could not look for containers a backup left paused: {}", e.getMessage());
        }
    }

    /**
     * A switch cut off by HIY's death is undone: the containers of a release still being checked would otherwise
     * get traffic without ever having passed the health check, and a restart or scale-up cut off half way leaves a
     * second container for one process. Containers of releases that are no longer current (a retire cut off) go too.
     */
    void undoHalfSwitches() {
        unpauseAfterBackup();
        for (Release r : releases.abandonStarting()) {
            LOG.info("removing {} release v{}: HIY stopped before it passed its health check", r.app(), r.version());
        }
        for (Apps.App app : apps.all()) {
            Set<String> seen = new HashSet<>();
            for (AppProcess p : processes.of(app.name())) {
                boolean current = Objects.equals(app.currentRelease(), p.release());
                if (current && seen.add(p.name())) continue;
                LOG.info("removing {} ({} of {} release v{}): left over from a switch HIY did not finish",
                        p.container(), p.name(), app.name(), p.release());
                runtime.stopAndRemove(p.container(), Duration.ZERO);
                processes.remove(p.container());
            }
        }
    }

    /** main names the commit of the newest release a build made that served; moved back there if HIY died first. */
    void alignDeployBranches() {
        for (Apps.App app : apps.all()) {
            try {
                DeployBranch.align(reposDir.resolve(app.name() + ".git"), DeployHook.DEPLOY_REF, releases.of(app.name()))
                        .ifPresent(r -> LOG.info("{} of {} moved to {}, the commit of release v{} that went live",
                                DeployHook.DEPLOY_BRANCH, app.name(), r.sha(), r.version()));
            } catch (IOException e) {
                LOG.warn("{} of {} may not name the commit of its newest built release: {}", DeployHook.DEPLOY_BRANCH,
                        app.name(), e.getMessage());
            }
        }
    }

    /** Every app gets the number of slots HIY_MAX_WEB asks for (apps made before, or before it was raised). */
    void topUpSlots(int slotsPerApp) {
        for (Apps.App app : apps.all()) {
            int missing = slotsPerApp - app.slots().size();
            if (missing <= 0) continue;
            apps.addSlots(app.name(), Arrays.stream(Slots.pick(apps.usedSlots(), missing)).boxed().toList());
        }
    }

    /**
     * Starts again every process that should run but does not (after a reboot or a crash of the whole box). An app
     * whose current release's image is gone from Podman (a data dir restored onto a new box), or whose static site's
     * folder is gone (a backup holds no site folders: they are made from git), is built again from its repository,
     * at that release's commit, through the build queue like a push.
     */
    void reviveStopped(BuildQueue queue, Builds builds) {
        for (Apps.App app : apps.all()) {
            Optional<Release> current = app.currentRelease() == null ? Optional.empty()
                    : releases.find(app.name(), app.currentRelease());
            if (current.isPresent() && imageGone(current.get())) {
                rebuild(app, current.get(), queue, builds);
                continue;
            }
            try {
                List<AppProcess> revived = releaseSwitch.reviveAll(app.name());
                revived.forEach(p -> LOG.info("{} {} of release v{} runs again", app.name(), p.name(), p.release()));
            } catch (SwitchFailure e) {
                LOG.warn("{} did not come back: {}", app.name(), e.getMessage());
            }
        }
    }

    /** Only Podman's "no such image" counts; a Podman that does not answer now is left to the revive and its retries. */
    private boolean imageGone(Release r) {
        if (r.isStatic()) return !sites.has(r.app(), r.site());
        try {
            return runtime.imageSize(r.image()).isEmpty();
        } catch (RuntimeException e) {
            LOG.warn("cannot tell whether the image {} of {} v{} is in Podman: {}", r.image(), r.app(), r.version(), e.toString());
            return false;
        }
    }

    private static void rebuild(Apps.App app, Release current, BuildQueue queue, Builds builds) {
        if (app.stopped()) {
            LOG.info("{} is stopped and the image of its release v{} is gone: it is built again when it is deployed",
                    app.name(), current.version());
        } else if (builds.pending(app.name())) {
            LOG.info("{}: the image of release v{} is gone; the build already queued brings the app back", app.name(),
                    current.version());
        } else {
            long id = queue.enqueue(app.name(), current.sha(), DeployHook.DEPLOY_REF, REBUILD_TRIGGER, REBUILD_USER);
            LOG.info("{}: the image of release v{} is gone from Podman; building commit {} again (build {})", app.name(),
                    current.version(), current.sha(), id);
        }
    }
}
