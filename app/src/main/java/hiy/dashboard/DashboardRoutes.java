package hiy.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import hiy.commands.Services;
import hiy.commands.UserError;
import hiy.model.QueryString;
import hiy.secrets.BrowserSessions;
import hiy.sshd.AppName;
import hiy.sshd.Identity;
import hiy.store.Apps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * HIY's dashboard in the browser, on the HTTP door's paths that are not the API's: GET /login/SECRET (a one-time
 * link from `ssh hiy@box dashboard`) shows a button whose POST uses the link up and starts a session (so a chat
 * app's link preview, which only GETs, spends nothing), GET / lists the apps the session's user may use, /apps/APP
 * shows one, /box the box (admins), POST /logout ends the session. A session acts with its user's rights as they are
 * now (the SSH rule); a user whose key was removed is logged out. Pages only read; their changes go to the API with
 * the session's CSRF token in a header (the logout form sends it as a field), and the cookie is SameSite=Strict.
 */
public final class DashboardRoutes implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardRoutes.class);
    private static final String LOGIN = "/login/";
    private static final String APPS = "/apps/";
    private static final int MAX_FORM = 4096;

    private final Services hiy;
    private final BrowserSessions sessions;
    private final AppsPage appsPage;
    private final AppPage appPage;
    private final BoxPage boxPage;

    public DashboardRoutes(Services hiy) {
        this.hiy = hiy;
        this.sessions = hiy.browserSessions();
        this.appsPage = new AppsPage(hiy);
        this.appPage = new AppPage(hiy);
        this.boxPage = new BoxPage(hiy);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            if (path.equals(Script.PATH) && isRead(method)) {
                Script.send(exchange);
            } else if (path.startsWith(LOGIN) && isRead(method)) {
                Html.send(exchange, 200, Html.page("Log in", "", "", "<h1>Log in to HIY</h1><form method=\"post\">"
                        + "<button type=\"submit\">Log in</button></form><p>This link works once.</p>"));
            } else if (path.startsWith(LOGIN) && method.equals("POST")) {
                login(exchange, path.substring(LOGIN.length()));
            } else if (path.equals("/logout") && method.equals("POST")) {
                logout(exchange);
            } else if (isPage(path) && isRead(method)) {
                Optional<Viewer> viewer = viewer(exchange);
                if (viewer.isEmpty()) {
                    Html.send(exchange, 401, message("Log in", "The dashboard logs you in with your SSH key: run ssh "
                            + hiy.hostHint().ssh() + " dashboard and open the link it prints."));
                } else {
                    page(exchange, path, viewer.get());
                }
            } else if (isPage(path) || path.startsWith(LOGIN) || path.equals("/logout")) {
                exchange.getResponseHeaders().set("Allow", path.equals("/logout") ? "POST"
                        : path.startsWith(LOGIN) ? "GET, HEAD, POST" : "GET, HEAD");
                Html.send(exchange, 405, message("Not this way", method + " is not used here; changes go through"
                        + " the page's buttons."));
            } else {
                notFound(exchange);
            }
        } catch (RuntimeException e) {
            LOG.warn("dashboard {} failed", exchange.getRequestURI().getRawPath(), e);
        }
    }

    /** A logged-in page, or one live part of it (?part=…), which the page's script asks for every few seconds. */
    private void page(HttpExchange exchange, String path, Viewer viewer) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String part = query.get("part");
        if (path.equals("/")) {
            Html.send(exchange, 200, part == null ? appsPage.page(viewer) : appsPage.part(viewer));
        } else if (path.equals("/box")) {
            if (!viewer.who().admin()) {
                notFound(exchange);
            } else if (part == null) {
                Html.send(exchange, 200, boxPage.page(viewer));
            } else if (part.equals("doctor")) {
                Html.send(exchange, 200, "text/plain; charset=utf-8", boxPage.doctor());
            } else {
                Html.send(exchange, 200, boxPage.part());
            }
        } else {
            String name = path.substring(APPS.length());
            Apps.App app;
            try {
                app = hiy.appAccess().visible(viewer.who(), AppName.validate(name));
            } catch (UserError | IllegalArgumentException e) {
                notFound(exchange);
                return;
            }
            String shown = part == null ? appPage.page(viewer, app) : appPage.part(app, query.get("section"));
            if (shown == null) notFound(exchange);
            else Html.send(exchange, 200, shown);
        }
    }

    /** The session's user as they are now; empty when not logged in or the user is gone (their key was removed). */
    private Optional<Viewer> viewer(HttpExchange exchange) {
        Optional<BrowserSessions.Session> session = sessions.session(cookie(exchange));
        return session.flatMap(s -> hiy.users().user(s.user())
                .map(u -> new Viewer(new Identity(u.name(), u.admin(), BrowserSessions.VIA), s.csrf())));
    }

    private static boolean isPage(String path) {
        return path.equals("/") || path.equals("/box") || (path.startsWith(APPS) && path.indexOf('/', APPS.length()) < 0);
    }

    private void notFound(HttpExchange exchange) throws IOException {
        Html.send(exchange, 404, message("No such page", "There is no dashboard page at this address, or no app of"
                + " yours by that name; your apps are at /."));
    }

    private void login(HttpExchange exchange, String secret) throws IOException {
        Optional<String> session = sessions.redeem(secret);
        if (session.isEmpty()) {
            Html.send(exchange, 410, message("This login link is used up", "A login link works once and for "
                    + BrowserSessions.LINK_TTL.toMinutes() + " minutes. Get a new one: ssh " + hiy.hostHint().ssh() + " dashboard"));
            return;
        }
        boolean https = "https".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("X-Forwarded-Proto"));
        exchange.getResponseHeaders().add("Set-Cookie", BrowserSessions.COOKIE + "=" + session.get() + "; Path=/; HttpOnly;"
                + " SameSite=Strict; Max-Age=" + BrowserSessions.SESSION_TTL.toSeconds() + (https ? "; Secure" : ""));
        exchange.getResponseHeaders().set("Location", "/");
        Html.send(exchange, 303, Html.page("Logged in", "", "", "<p>Logged in. <a href=\"/\">On to your apps</a>.</p>"));
    }

    private void logout(HttpExchange exchange) throws IOException {
        String cookie = cookie(exchange);
        Optional<BrowserSessions.Session> session = sessions.session(cookie);
        String sent = formField(exchange, "csrf");
        if (session.isEmpty() || !BrowserSessions.csrfMatches(session.get(), sent)) {
            Html.send(exchange, 403, message("Not logged out", "This request did not come from your dashboard page"
                    + " (its form token is missing or stale). Reload the dashboard and try again."));
            return;
        }
        sessions.logout(cookie);
        exchange.getResponseHeaders().add("Set-Cookie", BrowserSessions.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        Html.send(exchange, 200, message("Logged out", "Log in again with: ssh " + hiy.hostHint().ssh() + " dashboard"));
    }

    private String message(String title, String text) {
        return Html.page(title, "", "", "<h1>" + Html.escape(title) + "</h1><p>" + Html.escape(text) + "</p>");
    }

    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    static String cookie(HttpExchange exchange) {
        return BrowserSessions.cookie(exchange.getRequestHeaders().get("Cookie"));
    }

    /** A query's fields; only the dashboard's own short queries are read. */
    private static Map<String, String> query(String raw) {
        // The raw query of a parsed URI: its %-escapes are well formed (the HTTP server refuses others).
        return raw == null || raw.length() > MAX_FORM ? Map.of() : QueryString.parse(raw);
    }

    /** One field of a small urlencoded form body; null when absent, badly escaped, or the body is too large. */
    private static String formField(HttpExchange exchange, String name) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_FORM + 1);
        }
        if (body.length > MAX_FORM) return null;
        try {
            return QueryString.parse(new String(body, StandardCharsets.US_ASCII)).get(name);
        } catch (QueryString.Malformed badEscape) {
            return null;
        }
    }
}
