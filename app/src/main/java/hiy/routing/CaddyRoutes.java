package hiy.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * HIY's part of a Caddy JSON config: two servers, one internal-CA TLS policy and the local CA's trust setting.
 * Everything else in the config belongs to someone else and is carried over untouched.
 */
final class CaddyRoutes {
    static final String HTTP_SERVER = "hiy_http";
    static final String HTTPS_SERVER = "hiy_https";
    static final String INTERNAL_TLS_POLICY_ID = "hiy-internal-tls";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final int httpPort;
    private final int httpsPort;

    CaddyRoutes(int httpPort, int httpsPort) {
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
    }

    static String httpRouteId(String app) {
        return "hiy-http-" + app;
    }

    static String httpsRouteId(String app) {
        return "hiy-https-" + app;
    }

    /** A copy of {@code current} (which may be null) whose HIY part routes exactly {@code routes}. */
    ObjectNode applyTo(JsonNode current, List<AppRoute> routes) {
        ObjectNode config = current instanceof ObjectNode object ? object.deepCopy() : JSON.objectNode();
        List<AppRoute> apps = routes.stream()
                .filter(route -> !route.hosts().isEmpty())
                .sorted(Comparator.comparing(AppRoute::app))
                .toList();
        ObjectNode appsNode = object(config, "apps");
        ObjectNode http = object(appsNode, "http");
        http.put("http_port", httpPort);
        http.put("https_port", httpsPort);
        ObjectNode servers = object(http, "servers");
        servers.set(HTTP_SERVER, httpServer(apps));
        servers.set(HTTPS_SERVER, httpsServer(apps));
        replaceInternalTlsPolicy(appsNode, apps);
        // Never let Caddy try to install its root certificate into the system trust store (it would ask for sudo).
        object(object(object(appsNode, "pki"), "certificate_authorities"), "local").put("install_trust", false);
        return config;
    }

    private ObjectNode httpServer(List<AppRoute> apps) {
        ArrayNode routes = JSON.arrayNode();
        for (AppRoute app : apps) {
            List<String> localHosts = hosts(app, true);
            List<String> publicHosts = hosts(app, false);
            ObjectNode handler;
            if (publicHosts.isEmpty()) {
                handler = reverseProxy(app);
            } else if (localHosts.isEmpty()) {
                handler = redirectToHttps();
            } else {
                handler = JSON.objectNode().put("handler", "subroute");
                handler.putArray("routes")
                        .add(route(null, publicHosts, redirectToHttps()))
                        .add(route(null, null, reverseProxy(app)));
            }
            routes.add(route(httpRouteId(app.app()), hosts(app), handler));
        }
        for (AppRoute app : apps) {
            new TreeSet<>(app.slots()).forEach(port -> routes.add(slotRoute(port, false)).add(slotRoute(port, true)));
        }
        routes.add(route("hiy-http-unknown-host", null, unknownHost()));
        ObjectNode server = server(httpPort, routes);
        // The slot holds (host 127.0.0.1) fail on purpose several times a second: their log lines get a logger
        // name of their own, which the logging of a Caddy HIY starts leaves out (HOLDS_LOGGERS). Other hosts keep
        // Caddy's defaults: no access log, errors in http.log.error.
        ObjectNode logs = server.putObject("logs");
        logs.putObject("logger_names").put("127.0.0.1", HOLDS_LOGGER);
        logs.putArray("skip_hosts").add("127.0.0.1");
        logs.put("skip_unmapped_hosts", true);
        return server;
    }

    static final String HOLDS_LOGGER = "hiy_holds";
    /**
     * The longest one hold of a slot takes in Caddy. Whatever ends it (an answer, a refused dial, a timeout) counts the
     * failure that holds the slot, so it can be short: the sooner each hold lands, the more of {@link RouteTable#HOLD}
     * is left as margin for a renewal delayed by a busy box (a gap of a few milliseconds lets Caddy send every client
     * connection's next request to a slot that may swallow it).
     */
    static final java.time.Duration HOLD_ROUND_TRIP = java.time.Duration.ofMillis(50);

    /** The loggers of the slot holds' (failing) requests, to leave out of Caddy's log. */
    public static final List<String> HOLDS_LOGGERS = List.of("http.log.error." + HOLDS_LOGGER,
            "http.log.access." + HOLDS_LOGGER);

    private ObjectNode httpsServer(List<AppRoute> apps) {
        ArrayNode routes = JSON.arrayNode();
        for (AppRoute app : apps) {
            routes.add(route(httpsRouteId(app.app()), hosts(app), reverseProxy(app)));
        }
        routes.add(route("hiy-https-unknown-host", null, unknownHost()));
        ObjectNode server = server(httpsPort, routes);
        // hiy_http redirects itself, per host, before its catch-all; Caddy's own redirects would come after it.
        server.putObject("automatic_https").put("disable_redirects", true);
        return server;
    }

    private static ObjectNode server(int port, ArrayNode routes) {
        ObjectNode server = JSON.objectNode();
        server.putArray("listen").add(":" + port);
        server.set("routes", routes);
        return server;
    }

    private static ObjectNode route(String id, List<String> hosts, ObjectNode handler) {
        ObjectNode route = JSON.objectNode();
        if (id != null) {
            route.put("@id", id);
        }
        if (hosts != null) {
            ArrayNode hostMatcher = route.putArray("match").addObject().putArray("host");
            hosts.forEach(hostMatcher::add);
        }
        route.putArray("handle").add(handler);
        route.put("terminal", true);
        return route;
    }

    /**
     * Every slot of the app (2 × HIY_MAX_WEB: room for the serving release and the next one) is an upstream for
     * good, so a deploy changes no config (a config change closes keep-alive connections). A slot without a ready
     * process is held out of rotation (see {@link #slotRoute}), so no request is sent there: a
     * retry after a refused dial would lose a request's body in Caddy 2.6 (caddyserver/caddy#7546). Should a dial be
     * refused anyway (a crash), it marks the slot unhealthy and is retried on the other slot within try_duration.
     */
    private static ObjectNode reverseProxy(AppRoute app) {
        if (app.maintenance()) return maintenancePage(app.maintenancePage());
        if (app.site().isPresent()) return SiteRoute.serving(app.site().get());
        if (app.upstreamPorts().isEmpty()) return notRunning(app.app());
        ObjectNode proxy = JSON.objectNode().put("handler", "reverse_proxy");
        ArrayNode upstreams = proxy.putArray("upstreams");
        new TreeSet<>(app.upstreamPorts()).forEach(port -> upstreams.addObject().put("dial", "127.0.0.1:" + port));
        // One loopback dial per request: a pooled connection would keep a retiring release getting requests after
        // its slot was shut for draining, and a lost dial must cost milliseconds, not Caddy's default 3 s.
        ObjectNode transport = proxy.putObject("transport").put("protocol", "http").put("dial_timeout", "1s");
        transport.putObject("keep_alive").put("enabled", false);
        ObjectNode loadBalancing = proxy.putObject("load_balancing");
        loadBalancing.putObject("selection_policy").put("policy", "round_robin");
        loadBalancing.put("try_duration", "10s").put("try_interval", "10ms");
        ObjectNode passive = proxy.putObject("health_checks").putObject("passive");
        passive.put("fail_duration", CaddyRouter.FAIL_DURATION.toSeconds() + "s").put("max_fails", 1);
        return proxy;
    }

    /** The path HIY requests, from loopback at 127.0.0.1, to hold the slot out of rotation (see RouteTable). */
    static String slotPath(int port, boolean brief) {
        return (brief ? "/hiy-slot/brief/" : "/hiy-slot/") + port;
    }

    /**
     * A request here makes Caddy count one failure for the slot's address, whatever the answer (a refused dial, or any
     * response at all: unhealthy_latency 1ns), and remember it for {@link RouteTable#HOLD} (brief: {@link
     * RouteTable#BRIEF_HOLD}). Failures are counted per address across all handlers, so the apps' own proxies
     * (max_fails 1) skip the slot; this one never does.
     */
    private static ObjectNode slotRoute(int port, boolean brief) {
        ObjectNode proxy = JSON.objectNode().put("handler", "reverse_proxy");
        proxy.putArray("upstreams").addObject().put("dial", "127.0.0.1:" + port);
        // A hold must land (count its failure) well within HOLD, whatever is on the slot: a port that takes the
        // connection but never answers (Podman's conmon holds a container's host port from its creation until its
        // network is up, and until it is gone) would otherwise keep the hold waiting while the last one runs out,
        // and Caddy would send clients' requests there, to hang until that container dies.
        String bound = HOLD_ROUND_TRIP.toMillis() + "ms";
        ObjectNode transport = proxy.putObject("transport").put("protocol", "http").put("dial_timeout", bound)
                .put("response_header_timeout", bound);
        transport.putObject("keep_alive").put("enabled", false);
        proxy.putObject("health_checks").putObject("passive")
                .put("fail_duration", (brief ? RouteTable.BRIEF_HOLD : RouteTable.HOLD).toMillis() + "ms")
                .put("max_fails", Integer.MAX_VALUE)
                .put("unhealthy_latency", "1ns");
        ObjectNode route = JSON.objectNode().put("@id", (brief ? "hiy-slot-brief-" : "hiy-slot-") + port);
        ObjectNode match = route.putArray("match").addObject();
        match.putArray("host").add("127.0.0.1");
        match.putArray("path").add(slotPath(port, brief));
        match.putObject("remote_ip").putArray("ranges").add("127.0.0.1/32");
        route.putArray("handle").add(proxy);
        route.put("terminal", true);
        return route;
    }

    private ObjectNode redirectToHttps() {
        String port = httpsPort == 443 ? "" : ":" + httpsPort;
        ObjectNode redirect = JSON.objectNode().put("handler", "static_response").put("status_code", 308);
        redirect.putObject("headers").putArray("Location").add("https://{http.request.host}" + port + "{http.request.uri}");
        return redirect;
    }

    /** An app with no web process running (never deployed, stopped, web scaled to 0) says so at once. */
    private static ObjectNode notRunning(String app) {
        ObjectNode response = JSON.objectNode().put("handler", "static_response").put("status_code", 503);
        response.putObject("headers").putArray("Content-Type").add("text/plain; charset=utf-8");
        response.put("body", "The app " + app + " is not running a web process: it was stopped, its web processes were"
                + " scaled to 0, or it has not been deployed yet.\nIts owner can start it (ssh hiy@HOST start " + app
                + "), scale it (ssh hiy@HOST ps:scale " + app + " web=1) or deploy it (git push).\n");
        return response;
    }

    /**
     * maintenance:on: the app's processes keep running, its visitors are told to come back, by the app's own page if
     * it has one. Caddy fills in placeholders ({env.*}, {http.*} …) in a static body: every brace of the app's page is
     * escaped, so the page is sent as committed and cannot read Caddy's environment or the request's headers.
     */
    private static ObjectNode maintenancePage(Optional<String> own) {
        ObjectNode response = JSON.objectNode().put("handler", "static_response").put("status_code", 503);
        ObjectNode headers = response.putObject("headers");
        headers.putArray("Content-Type").add("text/html; charset=utf-8");
        headers.putArray("Retry-After").add("300");
        response.put("body", own.map(CaddyRoutes::literal).orElse("<!doctype html>\n<html><head><meta charset=\"utf-8\">"
                + "<title>Down for maintenance</title></head><body><h1>Down for maintenance</h1><p>This site is being"
                + " worked on and will be back shortly.</p></body></html>\n"));
        return response;
    }

    /** Text Caddy sends as it is: its replacer takes a brace after a backslash as a plain brace. */
    static String literal(String text) {
        return text.replace("{", "\\{").replace("}", "\\}");
    }

    private static ObjectNode unknownHost() {
        ObjectNode response = JSON.objectNode().put("handler", "static_response").put("status_code", 404);
        response.putObject("headers").putArray("Content-Type").add("text/plain; charset=utf-8");
        response.put("body", "No app is deployed at {http.request.host}.\n"
                + "Deploy one with: git push ssh://hiy@HOST:PORT/NAME main (HIY's SSH port, 2222 by default)\n");
        return response;
    }

    /** HIY's policy goes first: Caddy uses the first policy that matches a name, and a catch-all one may follow. */
    private static void replaceInternalTlsPolicy(ObjectNode appsNode, List<AppRoute> apps) {
        TreeSet<String> local = new TreeSet<>();
        apps.forEach(app -> local.addAll(hosts(app, true)));
        JsonNode existing = appsNode.path("tls").path("automation").path("policies");
        if (local.isEmpty() && !existing.isArray()) {
            return;
        }
        ArrayNode policies = JSON.arrayNode();
        if (!local.isEmpty()) {
            ObjectNode policy = policies.addObject().put("@id", INTERNAL_TLS_POLICY_ID);
            ArrayNode subjects = policy.putArray("subjects");
            local.forEach(subjects::add);
            policy.putArray("issuers").addObject().put("module", "internal");
        }
        for (JsonNode policy : existing) {
            if (!INTERNAL_TLS_POLICY_ID.equals(policy.path("@id").asText())) {
                policies.add(policy);
            }
        }
        object(object(appsNode, "tls"), "automation").set("policies", policies);
    }

    private static List<String> hosts(AppRoute app) {
        return List.copyOf(new TreeSet<>(app.hosts().stream().map(LocalNames::normalize).toList()));
    }

    private static List<String> hosts(AppRoute app, boolean local) {
        return hosts(app).stream().filter(host -> LocalNames.isLocal(host) == local).toList();
    }

    /** The object at {@code field}, created (or replacing a non-object such as null) when absent. */
    private static ObjectNode object(ObjectNode parent, String field) {
        if (parent.get(field) instanceof ObjectNode existing) {
            return existing;
        }
        return parent.putObject(field);
    }
}
