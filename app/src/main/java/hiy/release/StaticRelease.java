package hiy.release;

import hiy.model.BuiltSite;
import hiy.model.LineSink;
import hiy.routing.RouteTable;
import hiy.routing.RoutingFailure;
import hiy.store.Apps;
import hiy.store.ConfigVars;
import hiy.store.Processes;
import hiy.store.Processes.AppProcess;
import hiy.store.Releases;
import hiy.store.Releases.Release;
import hiy.store.Sites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A static site's switch: its files are already in a folder of their own ({@link Sites}), so going live is one
 * route change in Caddy to that folder, with no container and no health gate; a rollback or a config release points
 * the route at a folder that is there. Containers of a release that ran before (the app was not static) are drained
 * and stopped once the route has moved. Run under {@link ReleaseSwitch}'s lock, like every switch.
 */
final class StaticRelease {
    private static final Logger LOG = LoggerFactory.getLogger(StaticRelease.class);

    private final Apps apps;
    private final Releases releases;
    private final Processes processes;
    private final ConfigVars config;
    private final RouteTable routes;
    private final Drain drain;
    private final Sites sites;
    private final int keepReleases;

    StaticRelease(Apps apps, Releases releases, Processes processes, ConfigVars config, RouteTable routes, Drain drain,
                  Sites sites, int keepReleases) {
        this.apps = apps;
        this.releases = releases;
        this.processes = processes;
        this.config = config;
        this.routes = routes;
        this.drain = drain;
        this.sites = sites;
        this.keepReleases = keepReleases;
    }

    /** A freshly written site becomes the next release, with the app's config as it is now. */
    Release deploy(String app, BuiltSite site, String sha, String user, Duration stopGrace, LineSink log)
            throws SwitchFailure {
        try {
            sites.adopt(app, site.staged(), site.id());
        } catch (IOException | RuntimeException e) {
            drop(site);
            throw new SwitchFailure("could not put the site's files in place (" + e.getMessage() + "): check the"
                    + " disk of HIY's data dir (hiy doctor) and push again");
        }
        return switchTo(app, site.id(), sha, Releases.BUILT, user, config.of(app), stopGrace, log);
    }

    /** The staged files of a site that does not go live. */
    void drop(BuiltSite site) {
        try {
            sites.drop(site.staged());
        } catch (IOException e) {
            LOG.warn("could not remove the staged site {}: {}", site.staged(), e.getMessage());
        }
    }

    /** The site in folder {@code site} of the app serves from now on, as release kind (deploy, config, rollback vN). */
    Release switchTo(String app, String site, String sha, String kind, String user, Map<String, String> env,
                     Duration stopGrace, LineSink log) throws SwitchFailure {
        if (!sites.has(app, site)) {
            throw new SwitchFailure("the files of that release of " + app + " are no longer on this box (HIY keeps"
                    + " those of the last HIY_KEEP_RELEASES releases): push its commit again to release it");
        }
        Apps.App a = apps.find(app).orElseThrow(() -> new SwitchFailure("no app named " + app));
        Optional<Release> previous = releases.current(a);
        List<AppProcess> old = processes.of(app);
        Release next = releases.createSite(app, site, sha, kind, user, config.seal(env));
        releases.setStatus(app, next.version(), Releases.Status.LIVE);
        apps.setCurrentRelease(app, next.version());
        apps.setStopped(app, false);
        try {
            routes.apply();
        } catch (RoutingFailure e) {
            throw new SwitchFailure("Caddy refused the new route: " + e.getMessage());
        }
        log.line("-----> Routing " + routes.host(app) + " → release v" + next.version()
                + " (a static site: Caddy serves its files, no container runs)");
        drain.retire(old, stopGrace);
        previous.ifPresent(p -> releases.setStatus(app, p.version(), Releases.Status.RETIRED));
        prune(app);
        return next;
    }

    /** Keeps the folders of the newest HIY_KEEP_RELEASES sites that served (for instant rollback), removes the rest. */
    void prune(String app) {
        Set<String> keep = new LinkedHashSet<>();
        for (Release r : releases.of(app)) {
            boolean served = r.status() == Releases.Status.LIVE || r.status() == Releases.Status.RETIRED;
            if (served && r.isStatic() && keep.size() < keepReleases) keep.add(r.site());
        }
        try {
            sites.keepOnly(app, keep);
        } catch (IOException e) {
            LOG.warn("could not remove the old site folders of {}: {}", app, e.getMessage());
        }
    }

    void rename(String from, String to) throws IOException {
        sites.rename(from, to);
    }

    /** apps:destroy: the app's site folders go with it. */
    void removeAll(String app) {
        try {
            sites.removeAll(app);
        } catch (IOException e) {
            LOG.warn("could not remove the site folders of {}: {}", app, e.getMessage());
        }
    }
}
