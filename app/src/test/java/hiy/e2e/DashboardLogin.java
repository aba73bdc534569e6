package hiy.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logging in to a box's dashboard the way a user does (a link from `ssh dashboard`), and requests with the session. */
final class DashboardLogin {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final TestBox box;

    DashboardLogin(TestBox box) {
        this.box = box;
    }

    String base() {
        return "http://hiy.localhost:" + box.httpPort;
    }

    /** The link `dashboard` printed for that key's user (null: the admin's). */
    String link(Path key) throws Exception {
        TestBox.Result said = (key == null ? box.ssh("dashboard") : box.sshAs(key, "dashboard")).assertOk();
        String url = said.out().lines().map(String::strip).filter(l -> l.startsWith("http://")).findFirst().orElseThrow();
        assertTrue(url.matches("http://hiy\\.localhost:" + box.httpPort + "/login/[A-Za-z0-9_-]{43}"), url);
        return url;
    }

    /** Logs the browser in with a fresh link of the key's user; it ends on the apps page. */
    void logIn(Browser browser, Path key) throws Exception {
        browser.navigate(link(key));
        browser.submitSoon("form");
        browser.awaitValue("the apps page after logging in", "location.pathname + ' ' + document.title",
                v -> v.equals("/ Apps · HIY"));
    }

    /** A session cookie ("hiy_session=…") for the key's user, logged in without a browser. */
    String cookie(Path key) throws Exception {
        HttpResponse<String> login = send("POST", link(key), null, null, "", null);
        String set = login.headers().firstValue("Set-Cookie").orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    /** A request through Caddy to HIY's host; body with its content type, or null. */
    HttpResponse<String> send(String method, String url, String cookie, String type, String body, String csrf)
            throws Exception {
        URI uri = URI.create(url);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + box.httpPort + path))
                .header("Host", "hiy.localhost").timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", type == null ? "application/x-www-form-urlencoded" : type);
        if (cookie != null) b.header("Cookie", cookie);
        if (csrf != null) b.header("X-HIY-CSRF", csrf);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
