package hiy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HIY's HTTP API as a script sees it: curl-like requests straight to 127.0.0.1:HIY_API_PORT and through the real
 * Caddy at hiy.localhost, with tokens made over real SSH, against apps pushed with real git and run on real Podman.
 */
@Tag("e2e")
class HttpApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static TestBox box;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "20", "HIY_STOP_GRACE", "2"));
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    record Reply(int status, JsonNode json, HttpResponse<String> raw) {
        String error() {
            return json.path("error").asText();
        }
    }

    /** A request straight to HIY's API port. */
    private static Reply api(String method, String path, String token, String body) throws Exception {
        return send(URI.create("http://127.0.0.1:" + box.apiPort + path), null, method, token, body);
    }

    /** The same request through Caddy, as a client out there sends it to hiy.DOMAIN. */
    private static Reply viaCaddy(String method, String path, String token) throws Exception {
        return send(URI.create("http://127.0.0.1:" + box.httpPort + path), "hiy.localhost", method, token, null);
    }

    private static Reply send(URI uri, String host, String method, String token, String body) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (host != null) req.header("Host", host);
        if (token != null) req.header("Authorization", "Bearer " + token);
        if (body != null) req.header("Content-Type", "application/json");
        HttpResponse<String> r = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
        return new Reply(r.statusCode(), json, r);
    }

    /** ssh hiy@box tokens:create ARGS as the key's owner: the token is the one line on stdout. */
    private static String token(Path key, String args) throws Exception {
        TestBox.Result r = box.sshAs(key, "tokens:create " + args).assertOk();
        assertTrue(r.err().contains("not shown again"), r.err());
        return r.out().strip();
    }

    private static String unique(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }

    /** A new non-admin user, added by the admin over SSH; returns the private key. */
    private static Path newUser(String name) throws Exception {
        Path key = box.newKey(name);
        box.sshAsWithInput(box.adminKey, Path.of(key + ".pub"), "keys:add " + name).assertOk();
        return key;
    }

    @Test
    void healthzAnswersAnyoneDirectAndThroughCaddy() throws Exception {
        Reply direct = api("GET", "/healthz", null, null);
        assertEquals(200, direct.status(), direct.raw().body());
        assertEquals("ok", direct.json().path("status").asText());
        Reply routed = awaitViaCaddy("/healthz", null);
        assertEquals("ok", routed.json().path("status").asText());
        assertEquals(405, api("POST", "/healthz", null, "{}").status());
    }

    /** Caddy's route to the API is applied at start; give it the time a route change takes. */
    private static Reply awaitViaCaddy(String path, String token) throws Exception {
        return Await.until("200 through Caddy for " + path, Duration.ofSeconds(30), () -> viaCaddy("GET", path, token),
                r -> r.status() == 200);
    }

    @Test
    void everythingElseNeedsAValidTokenAndSaysHowToGetOne() throws Exception {
        for (Reply r : List.of(api("GET", "/api/apps", null, null), viaCaddy("GET", "/api/apps", null),
                api("GET", "/api/no/such/path", null, null), api("POST", "/api/apps/x/deploy", null, null))) {
            assertEquals(401, r.status(), r.raw().body());
            assertTrue(r.error().contains("tokens:create"), r.error());
            assertEquals("Bearer realm=\"hiy\"", r.raw().headers().firstValue("WWW-Authenticate").orElse(""));
        }
        assertEquals(401, api("GET", "/api/apps", "not-a-token", null).status());
        Reply unknown = api("GET", "/api/apps", "hiy_" + "A".repeat(43), null);
        assertEquals(401, unknown.status());
        assertTrue(unknown.error().contains("unknown, was revoked"), unknown.error());
    }

    @Test
    void aTokenHasItsUsersRightsNarrowedAsItSaysAndARevokedOneIsRefused() throws Exception {
        String mine = box.appName("mine");
        String theirs = box.appName("theirs");
        box.ssh("apps:create " + mine).assertOk();
        box.ssh("apps:create " + theirs).assertOk();
        String bob = unique("bob");
        Path bobKey = newUser(bob);
        box.ssh("access:grant " + mine + " " + bob).assertOk();

        String bobs = token(bobKey, "laptop");
        List<String> listed = names(api("GET", "/api/apps", bobs, null));
        assertTrue(listed.contains(mine) && !listed.contains(theirs), listed.toString());
        assertEquals(200, api("GET", "/api/apps/" + mine, bobs, null).status());
        Reply hidden = api("GET", "/api/apps/" + theirs, bobs, null);
        assertEquals(404, hidden.status());
        assertTrue(hidden.error().contains("no app named " + theirs), hidden.error());
        assertEquals(404, api("POST", "/api/apps/" + theirs + "/deploy", bobs, null).status());
        assertEquals(404, api("POST", "/api/apps/" + theirs + "/restart", bobs, null).status());
        assertEquals(404, api("PUT", "/api/apps/" + theirs + "/config", bobs, "{\"A\":\"1\"}").status());
        assertRefused(box.sshAs(bobKey, "tokens:create sneaky --app " + theirs), "no app named " + theirs);

        String narrow = token(box.adminKey, unique("narrow") + " --app " + mine);
        assertEquals(List.of(mine), names(api("GET", "/api/apps", narrow, null)));
        Reply outside = api("GET", "/api/apps/" + theirs, narrow, null);
        assertEquals(403, outside.status());
        assertTrue(outside.error().contains("limited to the app " + mine), outside.error());

        String reader = token(box.adminKey, unique("reader") + " --read-only");
        assertEquals(200, api("GET", "/api/apps/" + theirs, reader, null).status());
        assertEquals(200, api("GET", "/api/apps/" + theirs + "/config", reader, null).status());
        for (Reply r : List.of(api("POST", "/api/apps/" + theirs + "/deploy", reader, null),
                api("POST", "/api/apps/" + theirs + "/restart", reader, null),
                api("PUT", "/api/apps/" + theirs + "/config", reader, "{\"A\":\"1\"}"),
                api("GET", "/api/apps/" + theirs + "/config?values=1", reader, null))) {
            assertEquals(403, r.status(), r.raw().body());
            assertTrue(r.error().contains("read-only"), r.error());
        }
        assertTrue(box.ssh("config " + theirs).assertOk().out().contains("has no config vars"), "a refused PUT stored nothing");

        String tokens = box.sshAs(bobKey, "tokens").assertOk().out();
        assertTrue(tokens.contains("laptop") && !tokens.contains("reader"), "one's own tokens only: " + tokens);
        box.sshAs(bobKey, "tokens:revoke laptop").assertOk();
        Reply revoked = api("GET", "/api/apps", bobs, null);
        assertEquals(401, revoked.status());
        assertTrue(revoked.error().contains("revoked"), revoked.error());
        assertRefused(box.sshAs(bobKey, "tokens:revoke laptop"), "no token named laptop");

        String gone = token(bobKey, "gone");
        assertEquals(200, api("GET", "/api/apps", gone, null).status());
        box.ssh("keys:remove " + bob).assertOk();
        assertEquals(401, api("GET", "/api/apps", gone, null).status(), "a removed user's tokens are gone with them");
    }

    private static void assertRefused(TestBox.Result r, String message) {
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains(message), "expected \"" + message + "\" in: " + r.err());
    }

    private static List<String> names(Reply r) {
        assertEquals(200, r.status(), r.raw().body());
        return r.json().findValuesAsText("name");
    }

    @Test
    void aDeployThroughTheApiGoesLiveAndIsAuditedViaTheToken() throws Exception {
        String app = box.appName("apideploy");
        Path src = box.project(app, webApp("first"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        box.awaitPage(app, r -> r.body().contains("first"), TestBox.DEPLOY_DEADLINE);
        String name = unique("ci");
        String ci = token(box.adminKey, name + " --app " + app);

        Reply queued = api("POST", "/api/apps/" + app + "/deploy", ci, null);
        assertEquals(202, queued.status(), queued.raw().body());
        long build = queued.json().path("build").asLong();
        assertEquals(box.sha(src, "HEAD"), queued.json().path("commit").asText());
        JsonNode done = awaitBuild(app, build, ci);
        assertEquals("succeeded", done.path("status").asText(), done.toString());
        assertEquals("api", done.path("trigger").asText());
        assertEquals("v2", done.path("release").asText());
        JsonNode shown = viaCaddyShow(app, ci);
        assertEquals("v2", shown.path("release").asText(), shown.toString());
        assertEquals("running", shown.path("status").asText(), shown.toString());
        assertEquals(box.sha(src, "HEAD"), shown.path("commit").asText());
        box.awaitPage(app, r -> r.statusCode() == 200 && r.body().contains("first"), Duration.ofSeconds(30));

        Reply set = api("PUT", "/api/apps/" + app + "/config", ci, "{\"GREETING\": \"hello there\"}");
        assertEquals(200, set.status(), set.raw().body());
        assertEquals("v3", set.json().path("release").asText());
        Reply names = api("GET", "/api/apps/" + app + "/config", ci, null);
        assertEquals("[\"GREETING\"]", names.json().path("names").toString());
        assertFalse(names.raw().body().contains("hello there"), "values only when asked: " + names.raw().body());
        assertEquals("hello there", api("GET", "/api/apps/" + app + "/config?values=1", ci, null)
                .json().path("vars").path("GREETING").asText());

        Reply restarted = api("POST", "/api/apps/" + app + "/restart", ci, null);
        assertEquals(200, restarted.status(), restarted.raw().body());
        box.awaitPage(app, r -> r.statusCode() == 200 && r.body().contains("first"), Duration.ofSeconds(30));

        String audit = box.ssh("audit " + app).assertOk().out();
        for (String action : List.of("deploy " + app + ": queued build " + build, "config:set " + app + " GREETING",
                "restart " + app)) {
            assertTrue(audit.lines().anyMatch(l -> l.contains("via token " + name) && l.contains(action)),
                    action + " via token " + name + " in: " + audit);
        }
        assertFalse(audit.contains("hello there"), "no config value in the audit log");
    }

    private static JsonNode viaCaddyShow(String app, String token) throws Exception {
        return awaitViaCaddy("/api/apps/" + app, token).json();
    }

    private static JsonNode awaitBuild(String app, long build, String token) throws Exception {
        return Await.until("build " + build + " ends", TestBox.DEPLOY_DEADLINE, () -> {
            Reply r = api("GET", "/api/apps/" + app + "/builds/" + build, token, null);
            assertEquals(200, r.status(), r.raw().body());
            return r.json();
        }, last -> !last.path("status").asText().equals("queued") && !last.path("status").asText().equals("building"));
    }

    @Test
    void metricsAreValidPrometheusTextWithOnlyTheAppsTheTokenMaySee() throws Exception {
        String app = box.appName("metrics");
        assertEquals(255, box.sshAs(box.newKey(unique("stranger")), "apps").exit(), "an unknown key is refused (counted below)");
        Path src = box.project(app, webApp("measured"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        box.awaitPage(app, r -> r.body().contains("measured"), TestBox.DEPLOY_DEADLINE);
        assertEquals(401, api("GET", "/metrics", null, null).status());

        HttpResponse<String> scrape = scrape(token(box.adminKey, unique("prometheus") + " --read-only"));
        assertEquals(200, scrape.statusCode(), scrape.body());
        assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String text = scrape.body();
        for (String line : List.of("hiy_builds_total{app=\"" + app + "\",status=\"succeeded\"} 1",
                "hiy_releases_total{app=\"" + app + "\",kind=\"deploy\"} 1",
                "hiy_process_up{app=\"" + app + "\",process=\"web.1\"} 1",
                "hiy_process_restarts_total{app=\"" + app + "\",process=\"web.1\"} 0",
                "hiy_build_duration_seconds_count{app=\"" + app + "\"} 1",
                "hiy_build_duration_seconds_bucket{app=\"" + app + "\",le=\"+Inf\"} 1",
                "hiy_switch_duration_seconds_count{app=\"" + app + "\"} 1",
                "hiy_switch_duration_seconds_bucket{app=\"" + app + "\",le=\"+Inf\"} 1")) {
            assertTrue(text.lines().anyMatch(line::equals), line + " in:\n" + text);
        }
        assertTrue(text.contains("\nhiy_build_queue_length ") && text.contains("hiy_resident_memory_bytes "), text);
        for (String result : List.of("ok", "refused")) {
            assertTrue(text.lines().anyMatch(l -> l.matches("hiy_ssh_sessions_total\\{result=\"" + result + "\"} [1-9][0-9]*")),
                    "SSH sessions " + result + " counted in:\n" + text);
        }
        Path file = box.root.resolve("metrics-" + app + ".txt");
        Files.writeString(file, text);
        TestBox.Result check = TestBox.run(box.root, List.of("sh", "-c", "promtool check metrics < " + file), Map.of());
        assertEquals(0, check.exit(), "promtool check metrics: " + check.all());

        String carol = unique("carol");
        String carols = token(newUser(carol), "scraper");
        String hers = scrape(carols).body();
        assertFalse(hers.contains(app), "no series of an app the token's user may not see: " + hers);
    }

    @Test
    void clientsFollowingOneAppsLogsShareOneEngineStreamWhichClosesWhenTheyAllLeave() throws Exception {
        String app = box.appName("watched");
        Path src = box.project(app, HttpApiLifecycleTest.tickingApp("watched"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        box.awaitPage(app, r -> r.body().contains("watched"), TestBox.DEPLOY_DEADLINE);
        String reader = token(box.adminKey, unique("watcher") + " --read-only --app " + app);
        String prometheus = token(box.adminKey, unique("prometheus") + " --read-only");
        String path = "/api/apps/" + app + "/logs?follow=1&lines=1";

        List<HttpApiLifecycleTest.Follower> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) clients.add(new HttpApiLifecycleTest.Follower(box.apiPort, "127.0.0.1", path, reader));
            for (HttpApiLifecycleTest.Follower client : clients) {
                String seen = client.awaitText("data: tick\n\n", 2, Duration.ofSeconds(30)); // its last line, then a new one
                assertTrue(seen.startsWith("HTTP/1.1 200"), seen);
            }
            assertEquals(List.of("hiy_log_followers 1"), logFollowers(prometheus), "three clients, one process, one stream");
        } finally {
            for (HttpApiLifecycleTest.Follower client : clients) client.close();
        }
        Await.until("the stream closes once its clients left", Duration.ofSeconds(30), () -> logFollowers(prometheus),
                List.of("hiy_log_followers 0")::equals);
    }

    private static List<String> logFollowers(String token) throws Exception {
        return scrape(token).body().lines().filter(l -> l.startsWith("hiy_log_followers ")).toList();
    }

    private static HttpResponse<String> scrape(String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + box.apiPort + "/metrics"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void hostileRequestsGetA4xxThatSaysWhatToDoAndChangeNothing() throws Exception {
        String app = box.appName("hostile");
        box.ssh("apps:create " + app).assertOk();
        String admin = token(box.adminKey, unique("admin"));
        String config = "/api/apps/" + app + "/config";

        Reply big = api("PUT", config, admin, "{\"A\":\"" + "x".repeat(100_000) + "\"}");
        assertEquals(413, big.status(), big.raw().body());
        assertTrue(big.error().contains("64 KiB"), big.error());
        assertEquals(400, api("PUT", config, admin, "{not json").status());
        assertEquals(400, api("PUT", config, admin, "[1,2]").status());
        assertEquals(400, api("PUT", config, admin, "{\"PORT\":\"1\"}").status());
        assertEquals(400, api("PUT", config, admin, "{\"A\": 5}").status());
        assertEquals(415, send(URI.create("http://127.0.0.1:" + box.apiPort + config), null, "PUT", admin, null).status());
        assertTrue(box.ssh("config " + app).assertOk().out().contains("has no config vars"), "nothing was stored");

        for (String path : List.of("/api/apps/..%2f" + app, "/api/apps/%2e%2e/deploy", "/api/apps/UPPER", "/api/apps/a%00b")) {
            Reply r = api("GET", path, admin, null);
            assertEquals(400, r.status(), path + ": " + r.raw().body());
            assertFalse(r.error().isBlank());
        }
        assertEquals(404, api("GET", "/api/apps/" + app + "/nothing", admin, null).status());
        assertEquals(404, api("GET", "/api/apps/" + app + "/builds/x", admin, null).status());
        assertEquals(404, api("GET", "/api", admin, null).status());
        Reply method = api("PATCH", "/api/apps/" + app, admin, null);
        assertEquals(405, method.status());
        assertTrue(method.error().contains("use GET or DELETE"), method.error());
        Reply nothing = api("POST", "/api/apps/" + app + "/deploy", admin, null);
        assertEquals(409, nothing.status());
        assertTrue(nothing.error().contains("push it first"), nothing.error());
    }

    @Test
    void aClientThatNeverFinishesItsHeadersIsCutOff() throws Exception {
        try (Socket s = new Socket("127.0.0.1", box.apiPort)) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            InputStream in = s.getInputStream();
            while (in.read() != -1) {
                // whatever the server says before it closes
            }
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            assertTrue(seconds < 25, "closed after " + seconds + " s");
        }
        assertEquals(200, api("GET", "/healthz", null, null).status(), "the door still answers others");
    }

    @Test
    void oversizedHeadersAreRefused() throws Exception {
        try (Socket s = new Socket("127.0.0.1", box.apiPort)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(200_000) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertFalse(answer.startsWith("HTTP/1.1 200"), answer);
        } catch (java.net.SocketException closed) {
            // the server closed the connection while the header was still being sent: refused as well
        }
    }
}
