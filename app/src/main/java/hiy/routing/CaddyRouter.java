package hiy.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Routes apps through Caddy by rewriting HIY's part of its config in one atomic load. Every config change makes
 * Caddy close idle keep-alive connections, so an apply that would change nothing writes nothing.
 */
public final class CaddyRouter implements Router {
    /**
     * How long Caddy avoids a slot after one refused dial. Short, because live traffic marks the empty slot, and a
     * release that starts there while marked gets no requests (none fail: they wait on the old slot, or for the mark
     * to expire if the old release already stopped). The cost of short: one request per period pays try_interval.
     */
    public static final Duration FAIL_DURATION = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(CaddyRouter.class);

    private final CaddyAdmin admin;
    private final CaddyRoutes routes;

    public CaddyRouter(CaddyAdmin admin, int httpPort, int httpsPort) {
        this.admin = admin;
        this.routes = new CaddyRoutes(httpPort, httpsPort);
    }

    /** Caddy counts active requests per upstream address in its admin API. */
    @Override
    public int inFlight(int port) throws RoutingFailure {
        JsonNode upstreams = admin.get("/reverse_proxy/upstreams");
        if (upstreams == null) return 0;
        for (JsonNode u : upstreams) {
            if (u.path("address").asText().equals("127.0.0.1:" + port)) return u.path("num_requests").asInt();
        }
        return 0;
    }

    /**
     * Synchronized so that two deploys cannot interleave their read and write. Caddy 2.6 sends the config's Etag
     * only as an HTTP trailer, which java.net.http cannot read, so a concurrent writer outside HIY is not detected.
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
