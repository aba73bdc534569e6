package hiy.routing;

import hiy.model.Procfile;
import hiy.store.Apps;
import hiy.store.Domains;
import hiy.store.Formation;
import hiy.store.Maintenance;
import hiy.store.Processes;
import hiy.store.Releases;
import hiy.store.Sites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routes HIY wants: every app at APP.domain (and its extra domains), to all of its slots while it runs a web
 * process, to its folder while it is a static site, to none (HIY's 503 page) while it does neither. Every slot of a routed app where no web process of the current
 * release serves is held out of Caddy's rotation (see {@link HeldSlots}): empty ones, ones whose container is still
 * starting, ones being drained. Also the URL a user is told.
 */
public final class RouteTable implements AutoCloseable {
    /** How long one hold keeps Caddy off a slot; {@link HeldSlots} renews it well before it runs out. */
    public static final Duration HOLD = Duration.ofMillis(750);
    /**
     * The holds of a slot whose new container is starting (see {@link HeldSlots#shorten}): Caddy takes the slot
     * within this once it is given back. Renewed five times within it, as whole holds are, so a renewal may be late
     * by four fifths of it (with {@link CaddyRoutes#HOLD_ROUND_TRIP} at most for a hold to land).
     */
    public static final Duration BRIEF_HOLD = Duration.ofMillis(300);
    private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);
    private static final long POLL_MILLIS = 20;
    /** The host label of HIY's own API: hiy.DOMAIN. */
    public static final String API_NAME = "hiy";

    private final Apps apps;
    private final Releases releases;
    private final Processes processes;
    private final Formation formation;
    private final Domains domains;
    private final Maintenance maintenance;
    private final Sites sites;
    private final Router router;
    private final String domain;
    private final int httpPort;
    private final int httpsPort;
    private final HeldSlots heldSlots;
    /** HIY's own HTTP API, routed at hiy.domain ("hiy" is a name no app may take); empty when it is off. */
    private final OptionalInt apiPort;
    /** Slots whose container must get no new request though its process is recorded: starting, or draining. */
    private final Set<Integer> withheld = ConcurrentHashMap.newKeySet();
    /** Empty slots a web process will likely start on soon, while its app builds (see {@link #soon}). */
    private final Set<Integer> soon = ConcurrentHashMap.newKeySet();

    public RouteTable(Apps apps, Releases releases, Processes processes, Formation formation, Domains domains,
                      Maintenance maintenance, Sites sites,
                      Router router, String domain, int httpPort, int httpsPort, OptionalInt apiPort) {
        this.apps = apps;
        this.releases = releases;
        this.processes = processes;
        this.formation = formation;
        this.domains = domains;
        this.maintenance = maintenance;
        this.sites = sites;
        this.router = router;
        this.heldSlots = new HeldSlots(router, HOLD.dividedBy(5), BRIEF_HOLD.dividedBy(5));
        this.domain = domain;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
        this.apiPort = apiPort;
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

    /**
     * The app a name under HIY_DOMAIN belongs to, whether or not that app exists: the label just left of the domain
     * (blog for blog.DOMAIN and www.blog.DOMAIN). Empty for a name outside HIY_DOMAIN. No other app may route it.
     */
    public Optional<String> ownerByName(String host) {
        String suffix = "." + domain;
        if (!host.endsWith(suffix)) return Optional.empty();
        String rest = host.substring(0, host.length() - suffix.length());
        return Optional.of(rest.substring(rest.lastIndexOf('.') + 1));
    }

    /**
     * APP.domain first, then the app's extra domains. An extra domain that belongs by its name to another app (stored
     * before that rule) is left out, so it can never take that app's traffic.
     */
    public List<String> hosts(String app) {
        List<String> hosts = new ArrayList<>();
        hosts.add(host(app));
        for (String extra : domains.of(app)) {
            if (ownerByName(extra).map(app::equals).orElse(true) && !hosts.contains(extra)) hosts.add(extra);
        }
        return hosts;
    }

    /**
     * Holds these slots out of rotation from now on (before this returns), whatever the store says: a web container
     * starting there, or one about to be drained. Until {@link #restore}.
     */
    public void withhold(Collection<Integer> ports) {
        withheld.addAll(ports);
        heldSlots.hold(ports);
    }

    /**
     * A new container is starting on the withheld slot: it gets brief holds from now on, so Caddy takes it soon
     * after it is given back. Until the next {@link #apply} after its {@link #restore}.
     */
    public void readying(int port) {
        if (withheld.contains(port)) heldSlots.shorten(port);
    }

    /**
     * A build of the app runs, and its next web process will likely start on this held, empty slot: brief holds
     * from now on, so that the whole holds it had have run out by the time that container is healthy, and Caddy
     * takes the slot within a brief hold of it being given back (a build of a second or two would otherwise wait
     * out the rest of a whole hold). Until {@link #notSoon}. Nothing if the slot is not held.
     */
    public void soon(int port) {
        soon.add(port);
        heldSlots.shorten(port);
    }

    /** Ends a {@link #soon}: whole holds again for the slot, unless a container is starting there. */
    public void notSoon(int port) {
        soon.remove(port);
        heldSlots.briefOnly(briefSlots());
    }

    /** The held slots that get brief holds: the withheld ones being readied, and those a start is expected on. */
    private Set<Integer> briefSlots() {
        Set<Integer> brief = new HashSet<>(withheld);
        brief.addAll(soon);
        return brief;
    }

    /** Ends a {@link #withhold}; the next {@link #apply} gives the slot back if a current web process serves there. */
    public void restore(Collection<Integer> ports) {
        withheld.removeAll(ports);
    }

    /**
     * Makes Caddy route exactly the apps in the store; a no-op when nothing changed. Synchronized so that an apply
     * that read the store earlier (the supervisor's) cannot overwrite a newer one. A slot that now serves (a switch's
     * new container) is given back first, and this waits until Caddy would send to it: holding out the old slots
     * before that would leave Caddy nowhere to send requests.
     */
    public synchronized void apply() throws RoutingFailure {
        List<AppRoute> routes = new ArrayList<>();
        Set<Integer> serving = new HashSet<>();
        Set<Integer> held = new HashSet<>();
        Map<String, Optional<String>> inMaintenance = maintenance.pages();
        for (Apps.App a : apps.all()) {
            Optional<Path> site = site(a);
            boolean routed = site.isEmpty() && servesWeb(a);
            routes.add(new AppRoute(a.name(), hosts(a.name()), routed ? a.slots() : List.of(), a.slots(),
                    inMaintenance.containsKey(a.name()), inMaintenance.getOrDefault(a.name(), Optional.empty()), site));
            if (!routed) continue;
            Set<Integer> appServing = new HashSet<>();
            processes.of(a.name(), a.currentRelease()).stream()
                    .filter(p -> p.isWeb() && !withheld.contains(p.port()))
                    .forEach(p -> appServing.add(p.port()));
            serving.addAll(appServing);
            a.slots().stream().filter(port -> !appServing.contains(port)).forEach(held::add);
        }
        apiPort.ifPresent(port -> routes.add(new AppRoute(API_NAME, List.of(host(API_NAME)), List.of(port), List.of())));
        for (int port : serving) {
            if (heldSlots.giveBack(port)) awaitUsable(port);
        }
        heldSlots.holdOnly(held);
        // A slot whose check failed is empty again: whole holds, renewed less often, suffice.
        heldSlots.briefOnly(briefSlots());
        router.apply(routes);
    }

    /** The folder of the static site the app serves now (its current release is one, and it is not stopped). */
    private Optional<Path> site(Apps.App a) {
        if (a.currentRelease() == null || a.stopped()) return Optional.empty();
        return releases.find(a.name(), a.currentRelease()).filter(Releases.Release::isStatic)
                .map(r -> sites.folder(a.name(), r.site()));
    }

    /** Whether the app's current release runs a web process now (not stopped, not scaled to zero). */
    private boolean servesWeb(Apps.App a) {
        if (a.currentRelease() == null || a.stopped()) return false;
        return releases.find(a.name(), a.currentRelease())
                .map(r -> Procfile.stored(r.procfile()).has(Procfile.WEB)
                        && formation.quantity(a.name(), Procfile.WEB) > 0)
                .orElse(false);
    }

    private void awaitUsable(int port) throws RoutingFailure {
        long deadline = System.nanoTime() + HOLD.plus(CaddyRouter.FAIL_DURATION).plusSeconds(1).toNanos();
        try {
            while (!router.usable(port)) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("Caddy still avoids slot {}; going on", port);
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops holding slots out; Caddy then sends to them again within {@link #HOLD}. */
    @Override
    public void close() {
        heldSlots.close();
    }
}
