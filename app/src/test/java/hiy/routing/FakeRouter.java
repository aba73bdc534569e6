package hiy.routing;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * An in-memory HTTP front for fast tests: remembers the routes it was given, and keeps a held slot out of rotation
 * from each hold for its time ({@link RouteTable#HOLD}, or {@link RouteTable#BRIEF_HOLD}), as Caddy does.
 */
public final class FakeRouter implements Router {
    private volatile List<AppRoute> routes = List.of();
    private final Map<Integer, Long> heldUntil = new ConcurrentHashMap<>();
    public final List<List<AppRoute>> applied = new CopyOnWriteArrayList<>();

    @Override
    public void apply(List<AppRoute> routes) {
        if (routes.equals(this.routes)) return;
        this.routes = List.copyOf(routes);
        applied.add(this.routes);
    }

    /** The ports the app's hosts would send a request to now: its upstreams that no hold keeps out. */
    public List<Integer> serving(String app) {
        return routes.stream().filter(r -> r.app().equals(app)).findFirst().map(AppRoute::upstreamPorts)
                .orElse(List.of()).stream().filter(this::usable).sorted().toList();
    }

    /** The folder the app's hosts serve as a static site now, if they do. */
    public Optional<Path> site(String app) {
        return routes.stream().filter(r -> r.app().equals(app)).findFirst().flatMap(AppRoute::site);
    }

    @Override
    public int inFlight(int port) {
        return 0;
    }

    @Override
    public void holdOut(int port) {
        hold(port, RouteTable.HOLD);
    }

    @Override
    public CompletableFuture<Void> holdOutAsync(int port, boolean brief, Executor unused) {
        hold(port, brief ? RouteTable.BRIEF_HOLD : RouteTable.HOLD);
        return CompletableFuture.completedFuture(null);
    }

    /** As Caddy counts each hold's failure for its own time: the slot is free once the last of them ran out. */
    private void hold(int port, java.time.Duration hold) {
        long until = System.nanoTime() + hold.toNanos();
        heldUntil.merge(port, until, (a, b) -> a - b > 0 ? a : b);
    }

    /** How long the last hold of the slot keeps it out still, in ms (0 if none does). */
    public long heldForMillis(int port) {
        Long until = heldUntil.get(port);
        return until == null ? 0 : Math.max(0, (until - System.nanoTime()) / 1_000_000);
    }

    @Override
    public boolean usable(int port) {
        Long until = heldUntil.get(port);
        return until == null || System.nanoTime() - until >= 0;
    }
}
