package hiy.routing;

import hiy.runtime.Procfile;
import hiy.store.Apps;
import hiy.store.Domains;
import hiy.store.Formation;
import hiy.store.Releases;

import java.util.ArrayList;
import java.util.List;

/**
 * The routes HIY wants: every app at APP.domain (and its extra domains), to all of its slots while it runs a web
 * process, to none (HIY's 503 page) while it does not. Also the URL a user is told.
 */
public final class RouteTable {
    private final Apps apps;
    private final Releases releases;
    private final Formation formation;
    private final Domains domains;
    private final Router router;
    private final String domain;
    private final int httpPort;
    private final int httpsPort;

    public RouteTable(Apps apps, Releases releases, Formation formation, Domains domains, Router router, String domain,
                      int httpPort, int httpsPort) {
        this.apps = apps;
        this.releases = releases;
        this.formation = formation;
        this.domains = domains;
        this.router = router;
        this.domain = domain;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
    }

    public String host(String app) {
        return app + "." + domain;
    }

    public String url(String app) {
        return urlOfHost(host(app));
    }

    /** The address users open: https for real domains, http for names that cannot get a public certificate. */
    public String urlOfHost(String host) {
        if (LocalNames.isLocal(host)) {
            return "http://" + host + (httpPort == 80 ? "" : ":" + httpPort);
        }
        return "https://" + host + (httpsPort == 443 ? "" : ":" + httpsPort);
    }

    public int inFlight(int port) throws RoutingFailure {
        return router.inFlight(port);
    }

    /** APP.domain first, then the app's extra domains. */
    public List<String> hosts(String app) {
        List<String> hosts = new ArrayList<>();
        hosts.add(host(app));
        hosts.addAll(domains.of(app));
        return hosts;
    }

    /**
     * Makes Caddy route exactly the apps in the store; a no-op when nothing changed. Synchronized so that an apply
     * that read the store earlier (the supervisor's) cannot overwrite a newer one.
     */
    public synchronized void apply() throws RoutingFailure {
        List<AppRoute> routes = apps.all().stream()
                .map(a -> new AppRoute(a.name(), hosts(a.name()), servesWeb(a) ? a.slots() : List.of()))
                .toList();
        router.apply(routes);
    }

    /** Whether the app's current release runs a web process now (not stopped, not scaled to zero). */
    private boolean servesWeb(Apps.App a) {
        if (a.currentRelease() == null || a.stopped()) return false;
        return releases.find(a.name(), a.currentRelease())
                .map(r -> Procfile.stored(r.procfile()).has(Procfile.WEB)
                        && formation.quantity(a.name(), Procfile.WEB) > 0)
                .orElse(false);
    }
}
