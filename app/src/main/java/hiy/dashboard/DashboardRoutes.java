package hiy.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import hiy.commands.Services;
import hiy.model.Durations;
import hiy.secrets.BrowserSessions;
import hiy.sshd.Identity;
import hiy.store.Apps;
import hiy.store.Releases;
import hiy.store.Users;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * HIY's dashboard in the browser, on the HTTP door's paths that are not the API's: GET /login/SECRET (a one-time
 * link from `ssh hiy@box dashboard`) shows a button whose POST uses the link up and starts a session (so a chat
 * app's link preview, which only GETs, spends nothing), GET / lists the apps the session's user may use, POST
 * /logout ends it. A session acts with its user's rights as they are now (the SSH rule); a user whose key was removed is
 * logged out. Changes need the session's CSRF token in the form and come only from this origin (SameSite=Strict).
 */
public final class DashboardRoutes implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardRoutes.class);
    static final String COOKIE = "hiy_session";
    private static final String LOGIN = "/login/";
    private static final int MAX_FORM = 4096;

    private final Services hiy;
    private final BrowserSessions sessions;

    public DashboardRoutes(Services hiy) {
        this.hiy = hiy;
        this.sessions = hiy.browserSessions();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            if (path.startsWith(LOGIN) && isRead(method)) {
                Html.send(exchange, 200, Html.page("Log in", "", "", "<h1>Log in to HIY</h1><form method=\"post\">"
                        + "<button type=\"submit\">Log in</button></form><p>This link works once.</p>"));
            } else if (path.startsWith(LOGIN) && method.equals("POST")) {
                login(exchange, path.substring(LOGIN.length()));
            } else if (path.equals("/logout") && method.equals("POST")) {
                logout(exchange);
            } else if (path.equals("/") && isRead(method)) {
                apps(exchange);
            } else if (path.equals("/") || path.startsWith(LOGIN) || path.equals("/logout")) {
                exchange.getResponseHeaders().set("Allow", path.equals("/logout") ? "POST"
                        : path.startsWith(LOGIN) ? "GET, HEAD, POST" : "GET, HEAD");
                Html.send(exchange, 405, message("Not this way", method + " is not used here."));
            } else {
                Html.send(exchange, 404, message("No such page", "There is no dashboard page at this address; the"
                        + " apps are at /."));
            }
        } catch (RuntimeException e) {
            LOG.warn("dashboard {} failed", exchange.getRequestURI().getRawPath(), e);
        }
    }

    private void login(HttpExchange exchange, String secret) throws IOException {
        Optional<String> session = sessions.redeem(secret);
        if (session.isEmpty()) {
            Html.send(exchange, 410, message("This login link is used up", "A login link works once and for "
                    + BrowserSessions.LINK_TTL.toMinutes() + " minutes. Get a new one: ssh " + hiy.hostHint().ssh() + " dashboard"));
            return;
        }
        boolean https = "https".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("X-Forwarded-Proto"));
        exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + session.get() + "; Path=/; HttpOnly;"
                + " SameSite=Strict; Max-Age=" + BrowserSessions.SESSION_TTL.toSeconds() + (https ? "; Secure" : ""));
        exchange.getResponseHeaders().set("Location", "/");
        Html.send(exchange, 303, Html.page("Logged in", "", "", "<p>Logged in. <a href=\"/\">On to your apps</a>.</p>"));
    }

    private void logout(HttpExchange exchange) throws IOException {
        String cookie = cookie(exchange);
        Optional<BrowserSessions.Session> session = sessions.session(cookie);
        String sent = formField(exchange, "csrf");
        if (session.isEmpty() || sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                session.get().csrf().getBytes(StandardCharsets.UTF_8))) {
            Html.send(exchange, 403, message("Not logged out", "This request did not come from your dashboard page"
                    + " (its form token is missing or stale). Reload the dashboard and try again."));
            return;
        }
        sessions.logout(cookie);
        exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        Html.send(exchange, 200, message("Logged out", "Log in again with: ssh " + hiy.hostHint().ssh() + " dashboard"));
    }

    private void apps(HttpExchange exchange) throws IOException {
        Optional<BrowserSessions.Session> session = sessions.session(cookie(exchange));
        Optional<Users.User> user = session.flatMap(s -> hiy.users().user(s.user()));
        if (user.isEmpty()) {
            Html.send(exchange, 401, message("Log in", "The dashboard logs you in with your SSH key: run ssh "
                    + hiy.hostHint().ssh() + " dashboard and open the link it prints."));
            return;
        }
        Identity who = new Identity(user.get().name(), user.get().admin(), "via dashboard");
        List<Apps.App> apps = hiy.appAccess().visibleApps(who);
        Instant now = Instant.now();
        StringBuilder rows = new StringBuilder();
        for (Apps.App a : apps) {
            String status = hiy.status().of(a);
            Optional<Releases.Release> current = hiy.releases().current(a);
            String url = hiy.routes().url(a.name());
            rows.append("<tr data-app=\"").append(Html.escape(a.name())).append("\"><td>").append(Html.escape(a.name()))
                    .append("</td><td><span class=\"badge ").append(Html.escape(status)).append("\">")
                    .append(Html.escape(status)).append("</span></td><td>")
                    .append(current.map(r -> "v" + r.version()).orElse("-")).append("</td><td>")
                    .append(current.map(r -> Html.escape(Durations.ago(r.createdAt(), now) + " by " + r.createdBy()))
                            .orElse("never deployed"))
                    .append("</td><td><a href=\"").append(Html.escape(url)).append("\" rel=\"noreferrer\">")
                    .append(Html.escape(url)).append("</a></td></tr>");
        }
        String body = apps.isEmpty()
                ? "<p>You have no apps yet. Push one: git push ssh://" + Html.escape(hiy.hostHint().ssh()) + "/APP main</p>"
                : "<h1>Apps</h1><table><thead><tr><th>App</th><th>Status</th><th>Release</th><th>Last deploy</th>"
                + "<th>URL</th></tr></thead><tbody>" + rows + "</tbody></table>";
        String header = "<form method=\"post\" action=\"/logout\"><span>" + Html.escape(who.user())
                + (who.admin() ? " (admin)" : "") + "</span> <input type=\"hidden\" name=\"csrf\" value=\""
                + Html.escape(session.get().csrf()) + "\"><button type=\"submit\">Log out</button></form>";
        Html.send(exchange, 200, Html.page("Apps", "", header, body));
    }

    private String message(String title, String text) {
        return Html.page(title, "", "", "<h1>" + Html.escape(title) + "</h1><p>" + Html.escape(text) + "</p>");
    }

    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    /** The session cookie's value, if the request has exactly that cookie. */
    static String cookie(HttpExchange exchange) {
        List<String> headers = exchange.getRequestHeaders().get("Cookie");
        if (headers == null) return null;
        for (String header : headers) {
            for (String pair : header.split(";")) {
                String p = pair.strip();
                if (p.startsWith(COOKIE + "=")) return p.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }

    /** One field of a small urlencoded form body; null when absent or the body is too large. */
    private static String formField(HttpExchange exchange, String name) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_FORM + 1);
        }
        if (body.length > MAX_FORM) return null;
        for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.US_ASCII);
            }
        }
        return null;
    }
}
