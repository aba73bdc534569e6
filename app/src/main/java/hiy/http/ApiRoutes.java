package hiy.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import hiy.sshd.AppName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Every path of HIY's HTTP door and who may call it: GET /healthz anyone, a GitHub webhook delivery its signature,
 * the rest of /api/, /metrics and git (at /git/, on threads of its own, see {@link GitOverHttp}) a token; every other
 * path is the dashboard's, which logs browsers in its own way. A path is matched
 * on its raw text, segment by segment, so no encoding can smuggle another app's name or a '..' past a check.
 */
final class ApiRoutes implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    private static final String DOCS = "see docs/http.md for the API's paths";

    private final Authenticator authenticator;
    private final AppsApi apps;
    private final ReleasesApi releases;
    private final ProcessesApi processes;
    private final LogsApi logs;
    private final LiveStreams streams;
    private final GitHubHooks hooks;
    private final GitOverHttp git;
    private final Metrics metrics;
    /** Every path that is none of the API's: the dashboard's pages. */
    private final HttpHandler dashboard;

    /** The handlers of /api/apps/…, one per resource. */
    record Api(AppsApi apps, ReleasesApi releases, ProcessesApi processes, LogsApi logs) {
    }

    ApiRoutes(Authenticator authenticator, Api api, LiveStreams streams, GitHubHooks hooks, GitOverHttp git,
              Metrics metrics, HttpHandler dashboard) {
        this.dashboard = dashboard;
        this.authenticator = authenticator;
        this.apps = api.apps();
        this.releases = api.releases();
        this.processes = api.processes();
        this.logs = api.logs();
        this.streams = streams;
        this.hooks = hooks;
        this.git = git;
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!isApi(exchange.getRequestURI().getRawPath())) {
            dashboard.handle(exchange);
            return;
        }
        if (GitOverHttp.handles(exchange.getRequestURI().getRawPath())) {
            try {
                git.submit(exchange, client(exchange));
            } catch (ApiError e) {
                try (exchange) {
                    Exchanges.error(exchange, e);
                }
            }
            return;
        }
        boolean handedOff = false;
        try {
            handedOff = route(exchange);
        } catch (ApiError e) {
            Exchanges.error(exchange, e);
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
            Exchanges.error(exchange, new ApiError(500, "HIY failed while answering: " + e.getMessage()
                    + ". This is HIY's fault, not yours: the server log has the details."));
        } finally {
            if (!handedOff) exchange.close();
        }
    }

    /** Answers the request; true when a stream took the exchange over (it is closed there). */
    private boolean route(HttpExchange exchange) throws ApiError, IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if (path.equals("/healthz")) {
            allow(method, "GET");
            Exchanges.reply(exchange, 200, Map.of("status", "ok"));
            return false;
        }
        List<String> p = List.of(path.split("/", -1));
        if (p.size() == 4 && p.get(0).isEmpty() && p.get(1).equals("hooks") && p.get(2).equals("github")) {
            // Signed with the webhook's secret instead of a token.
            allow(method, "POST");
            hooks.deliver(exchange, appName(p.get(3)), client(exchange));
            return false;
        }
        Caller caller = authenticator.authenticate(exchange.getRequestHeaders(), method, client(exchange));
        if (path.equals("/metrics")) {
            allow(method, "GET");
            Exchanges.text(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape(caller));
            return false;
        }
        if (p.size() < 3 || !p.get(0).isEmpty() || !p.get(1).equals("api") || !p.get(2).equals("apps")) throw notFound(path);
        if (p.size() == 3) {
            allow(method, "GET", "POST");
            if (method.equals("GET")) Exchanges.reply(exchange, 200, apps.list(caller));
            else Exchanges.reply(exchange, 201, apps.create(caller, Exchanges.jsonBody(exchange)));
            return false;
        }
        String app = appName(p.get(3));
        String what = p.size() == 4 ? "" : p.get(4);
        switch (p.size() <= 5 ? what : what + "/*") {
            case "" -> {
                allow(method, "GET", "DELETE");
                if (method.equals("GET")) {
                    Exchanges.reply(exchange, 200, apps.show(caller, app));
                } else {
                    Map<String, String> query = Exchanges.query(exchange);
                    Exchanges.reply(exchange, 200, apps.destroy(caller, app, query.get("confirm"), "1".equals(query.get("volumes"))));
                }
            }
            case "deploy" -> { allow(method, "POST"); Exchanges.reply(exchange, 202, apps.deploy(caller, app)); }
            case "restart" -> { allow(method, "POST"); Exchanges.reply(exchange, 200, apps.restart(caller, app)); }
            case "releases" -> { allow(method, "GET"); Exchanges.reply(exchange, 200, releases.list(caller, app)); }
            case "rollback" -> {
                allow(method, "POST");
                Exchanges.reply(exchange, 200, releases.rollback(caller, app, Exchanges.query(exchange).get("release")));
            }
            case "processes" -> { allow(method, "GET"); Exchanges.reply(exchange, 200, processes.list(caller, app)); }
            case "formation" -> {
                allow(method, "GET", "PUT");
                if (method.equals("GET")) Exchanges.reply(exchange, 200, processes.show(caller, app));
                else Exchanges.reply(exchange, 200, processes.scale(caller, app, Exchanges.jsonBody(exchange)));
            }
            case "logs" -> {
                allow(method, "GET");
                return logs.logs(exchange, caller, app);
            }
            case "config" -> {
                allow(method, "GET", "PUT");
                if (method.equals("GET")) {
                    Exchanges.reply(exchange, 200, apps.config(caller, app, "values=1".equals(exchange.getRequestURI().getRawQuery())));
                } else {
                    Exchanges.reply(exchange, 200, apps.setConfig(caller, app, Exchanges.jsonBody(exchange),
                            restarts(Exchanges.query(exchange).get("restart"))));
                }
            }
            case "builds/*" -> {
                if (p.size() != 6 || !p.get(5).matches("[0-9]{1,18}")) throw notFound(path);
                allow(method, "GET");
                long id = Long.parseLong(p.get(5));
                Map<String, Object> build = apps.build(caller, app, id);
                if (!LogsApi.follows(Exchanges.query(exchange))) {
                    Exchanges.reply(exchange, 200, build);
                    return false;
                }
                streams.build(exchange, id, () -> {
                    try {
                        return apps.build(caller, app, id);
                    } catch (ApiError e) {
                        return Map.of("error", e.getMessage());
                    }
                });
                return true;
            }
            default -> throw notFound(path);
        }
        return false;
    }

    /** ?restart=0: a config change goes live at the next restart (as config:set --no-restart); 1 or none: now. */
    private static boolean restarts(String restart) throws ApiError {
        if (restart == null || restart.equals("1")) return true;
        if (restart.equals("0")) return false;
        throw new ApiError(400, "restart takes 0 (the change goes live at the next restart) or 1, not \"" + restart + "\"");
    }

    private static boolean isApi(String path) {
        return path.equals("/healthz") || path.equals("/metrics") || path.equals("/api") || path.startsWith("/api/")
                || path.startsWith("/hooks/") || GitOverHttp.handles(path);
    }

    static String appName(String segment) throws ApiError {
        try {
            return AppName.validate(segment);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage());
        }
    }

    private static void allow(String method, String... allowed) throws ApiError {
        if (!List.of(allowed).contains(method)) {
            throw new ApiError(405, method + " is not allowed here; use " + String.join(" or ", allowed) + " (" + DOCS + ")");
        }
    }

    private static ApiError notFound(String path) {
        return new ApiError(404, "no API path " + (path.length() > 100 ? path.substring(0, 100) + "…" : path) + "; " + DOCS);
    }

    /** The peer's address, and the address Caddy says it forwarded for (a loopback peer could also write that). */
    private static String client(HttpExchange exchange) {
        String peer = exchange.getRemoteAddress().getAddress().getHostAddress();
        String forwarded = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
        return forwarded == null ? peer : peer + " for " + forwarded;
    }
}
