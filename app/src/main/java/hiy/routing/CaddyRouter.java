package hiy.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.time.Duration;
import java.util.List;

/**
 * Routes apps through Caddy by rewriting HIY's part of its config in one atomic load. Every config change makes
 * Caddy close idle keep-alive connections, so an apply that would change nothing writes nothing.
 */
public final class CaddyRouter implements Router {
    /**
     * How long Caddy avoids a slot after a request to it failed (its release crashed; free slots are held out of
     * rotation instead, see RouteTable). Short, so that a release revived on that slot soon gets requests again.
     */
    public static final Duration FAIL_DURATION = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(CaddyRouter.class);

    /** A held-out slot that still serves answers the hold request itself; a slow app must not stall the holds. */
    private static final Duration HOLD_TIMEOUT = Duration.ofSeconds(2);
    /**
     * Two threads for every hold of every slot: the holds are sent without a thread waiting on each (the JDK's
     * default would grow a thread per hold under way, about one per held slot: 100 and more with 20 apps).
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(HOLD_TIMEOUT).executor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "hiy-slot-holds");
                t.setDaemon(true);
                return t;
            })).build();

    private final CaddyAdmin admin;
    private final CaddyRoutes routes;
    private final int httpPort;

    public CaddyRouter(CaddyAdmin admin, int httpPort, int httpsPort) {
        this.admin = admin;
        this.routes = new CaddyRoutes(httpPort, httpsPort);
        this.httpPort = httpPort;
    }

    /** Caddy counts active requests per upstream address in its admin API. */
    @Override
    public int inFlight(int port) throws RoutingFailure {
        return upstream(port).path("num_requests").asInt();
    }

    /** One request to the slot's hidden route (CaddyRoutes.slotRoute), which counts a failure whatever happens. */
    @Override
    public void holdOut(int port) throws RoutingFailure {
        holdOut(List.of(port));
    }

    /** Sent at once; completes when Caddy answered the hold (whatever the answer: the request itself counts). */
    @Override
    public CompletableFuture<Void> holdOutAsync(int port, boolean brief, Executor unused) {
        return HTTP.sendAsync(holdRequest(port, brief), HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(new RoutingFailure("Caddy did not answer on port " + httpPort
                                + ": " + failure, failure));
                    }
                    return null;
                });
    }

    private HttpRequest holdRequest(int port, boolean brief) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + CaddyRoutes.slotPath(port, brief)))
                .timeout(HOLD_TIMEOUT).GET().build();
    }

    /** All at once, so that many held slots are renewed in about the time of one. */
    @Override
    public void holdOut(Collection<Integer> ports) throws RoutingFailure {
        List<CompletableFuture<HttpResponse<Void>>> holds = new ArrayList<>();
        for (int port : ports) holds.add(HTTP.sendAsync(holdRequest(port, false), HttpResponse.BodyHandlers.discarding()));
        try {
            CompletableFuture.allOf(holds.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            throw new RoutingFailure("Caddy did not answer on port " + httpPort + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoutingFailure("interrupted while holding out slots " + ports, e);
        }
    }

    /** Caddy also counts failures per upstream address; one is enough to skip it (max_fails 1). */
    @Override
    public boolean usable(int port) throws RoutingFailure {
        return upstream(port).path("fails").asInt() == 0;
    }

    private JsonNode upstream(int port) throws RoutingFailure {
        JsonNode upstreams = admin.get("/reverse_proxy/upstreams");
        if (upstreams != null) {
            for (JsonNode u : upstreams) {
                if (u.path("address").asText().equals("127.0.0.1:" + port)) return u;
            }
        }
        return MissingNode.getInstance();
    }

    /**
     * Synchronized so that two deploys cannot interleave their read and write. Caddy 2.6 sends the config's Etag
     * only as an HTTP trailer, and HIY does not send it back with If-Match, so a concurrent writer outside HIY is not
     * detected.
     */
    @Override
    public synchronized void apply(List<AppRoute> apps) throws RoutingFailure {
        JsonNode current = admin.get("/config/");
        ObjectNode desired = routes.applyTo(current, apps);
        if (desired.equals(current)) {
            return;
        }
        admin.post("/load", desired);
        log.info("Caddy now routes {} app(s): {}", apps.size(), apps.stream().map(AppRoute::app).toList());
    }
}
