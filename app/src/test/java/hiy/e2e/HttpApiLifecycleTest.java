package hiy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An app's whole life through the HTTP API, as a CI script drives it: create, releases, rollback, scale, logs as they
 * come, a build followed live, destroy; each with the rights, refusals and audit entries `ssh` has. Real git pushes,
 * real Podman, once through the real Caddy.
 */
@Tag("e2e")
class HttpApiLifecycleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** As HIY's LiveStreams.THREADS: that many followers at once, one more is refused. */
    private static final int FOLLOWERS = 8;
    static TestBox box;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "20", "HIY_STOP_GRACE", "2"));
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    record Reply(int status, JsonNode json, String body) {
        String error() {
            return json.path("error").asText();
        }
    }

    private static Reply api(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + box.apiPort + path))
                .timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) req.header("Authorization", "Bearer " + token);
        if (body != null) req.header("Content-Type", "application/json");
        HttpResponse<String> r = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
        boolean json = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
        return new Reply(r.statusCode(), json && !r.body().isEmpty() ? JSON.readTree(r.body()) : JSON.nullNode(), r.body());
    }

    private static String token(Path key, String args) throws Exception {
        return box.sshAs(key, "tokens:create " + args).assertOk().out().strip();
    }

    private static String unique(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }

    /** A web app that also prints a line every second, so that its log has something to follow. */
    static Map<String, String> tickingApp(String page) {
        return Map.of(
                "Dockerfile", "FROM localhost/busybox:latest\nCOPY index.html /www/index.html\n"
                        + "CMD [\"sh\", \"-c\", \"(while true; do echo tick; sleep 1; done) & exec httpd -f -p \\\"$PORT\\\" -h /www\"]\n",
                "index.html", page + "\n");
    }

    /** A follow request on a raw socket, so the test can leave it the way a client does: by closing the connection. */
    static final class Follower implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

        Follower(int port, String host, String path, String token) throws Exception {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(500);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer "
                    + token + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            in = socket.getInputStream();
        }

        /** Everything read so far once it contains the text; fails when the deadline passes first. */
        String awaitText(String text, Duration deadline) throws Exception {
            return awaitText(text, 1, deadline);
        }

        /** As awaitText, once the text came the given number of times (events arrive in chunks of their own). */
        String awaitText(String text, int times, Duration deadline) throws Exception {
            return Await.until("the stream says \"" + text + "\" " + times + " times", deadline, this::readSome,
                    s -> s.split(Pattern.quote(text), -1).length > times);
        }

        private String readSome() throws Exception {
            byte[] buffer = new byte[8192];
            try {
                int n = in.read(buffer);
                if (n > 0) seen.write(buffer, 0, n);
            } catch (SocketTimeoutException quiet) {
                // nothing new yet
            }
            return seen.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    @Test
    void anAdminRunsAnAppsWholeLifeThroughTheApiAndEachChangeIsAuditedViaTheToken() throws Exception {
        String app = box.appName("life");
        String name = unique("ci");
        String ci = token(box.adminKey, name);

        Reply created = api("POST", "/api/apps", ci, "{\"name\": \"" + app + "\"}");
        assertEquals(201, created.status(), created.body());
        assertEquals(app, created.json().path("name").asText());
        Reply again = api("POST", "/api/apps", ci, "{\"name\": \"" + app + "\"}");
        assertEquals(409, again.status(), again.body());
        assertTrue(again.error().contains("exists already"), again.error());
        assertEquals(400, api("POST", "/api/apps", ci, "{\"name\": \"Not An App\"}").status());
        assertEquals(400, api("POST", "/api/apps", ci, "{}").status());

        Path src = box.project(app, tickingApp("one"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        box.commit(src, tickingApp("two"), "two");
        box.git(src, "push", box.remote(app), "main").assertOk();
        box.awaitPage(app, r -> r.body().contains("two"), TestBox.DEPLOY_DEADLINE);

        JsonNode releases = api("GET", "/api/apps/" + app + "/releases", ci, null).json().path("releases");
        assertEquals(2, releases.size(), releases.toString());
        assertEquals("v2", releases.get(0).path("version").asText());
        assertTrue(releases.get(0).path("current").asBoolean(), releases.toString());
        assertEquals(box.sha(src, "HEAD"), releases.get(0).path("commit").asText());
        assertEquals("retired", releases.get(1).path("status").asText(), releases.toString());

        Reply rolled = api("POST", "/api/apps/" + app + "/rollback", ci, null);
        assertEquals(200, rolled.status(), rolled.body());
        assertEquals("v3", rolled.json().path("release").asText());
        assertEquals("v1", rolled.json().path("rollback_of").asText());
        box.awaitPage(app, r -> r.body().contains("one"), Duration.ofSeconds(30));
        Reply current = api("POST", "/api/apps/" + app + "/rollback?release=v3", ci, null);
        assertEquals(409, current.status(), current.body());
        assertTrue(current.error().contains("already the current release"), current.error());
        assertEquals(404, api("POST", "/api/apps/" + app + "/rollback?release=v99", ci, null).status());
        assertEquals(400, api("POST", "/api/apps/" + app + "/rollback?release=latest", ci, null).status());

        assertEquals("{\"web\":1}", api("GET", "/api/apps/" + app + "/formation", ci, null).json().path("formation").toString());
        Reply scaled = api("PUT", "/api/apps/" + app + "/formation", ci, "{\"web\": 2}");
        assertEquals(200, scaled.status(), scaled.body());
        assertEquals("{\"web\":2}", scaled.json().path("formation").toString());
        JsonNode processes = api("GET", "/api/apps/" + app + "/processes", ci, null).json().path("processes");
        assertEquals(List.of("web.1", "web.2"), processes.findValuesAsText("name"), processes.toString());
        assertEquals(List.of("running", "running"), processes.findValuesAsText("state"), processes.toString());
        Reply unknownType = api("PUT", "/api/apps/" + app + "/formation", ci, "{\"worker\": 1}");
        assertEquals(400, unknownType.status(), unknownType.body());
        assertTrue(unknownType.error().contains("no process type worker"), unknownType.error());
        assertEquals(400, api("PUT", "/api/apps/" + app + "/formation", ci, "{\"web\": \"two\"}").status());
        assertEquals(400, api("PUT", "/api/apps/" + app + "/formation", ci, "{\"web\": 1000}").status());

        Reply logs = Await.until("a tick in the log", Duration.ofSeconds(30),
                () -> api("GET", "/api/apps/" + app + "/logs?lines=5&process=web.2", ci, null),
                r -> r.status() == 200 && r.json().path("lines").toString().contains("tick"));
        assertFalse(logs.json().path("lines").toString().contains("web.1 |"), "only web.2: " + logs.body());
        assertEquals(404, api("GET", "/api/apps/" + app + "/logs?process=worker", ci, null).status());
        assertEquals(400, api("GET", "/api/apps/" + app + "/logs?lines=many", ci, null).status());

        Reply deploy = api("POST", "/api/apps/" + app + "/deploy", ci, null);
        assertEquals(202, deploy.status(), deploy.body());
        long build = deploy.json().path("build").asLong();
        HttpResponse<String> followed = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + box.apiPort
                        + "/api/apps/" + app + "/builds/" + build + "?follow=1")).header("Authorization", "Bearer " + ci)
                .timeout(TestBox.DEPLOY_DEADLINE).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, followed.statusCode(), followed.body());
        assertTrue(followed.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        assertTrue(followed.body().contains("data: -----> "), followed.body());
        String end = followed.body().substring(followed.body().lastIndexOf("event: end"));
        assertTrue(end.contains("\"status\":\"succeeded\"") && end.contains("\"release\":\"v4\""), end);

        String audit = box.ssh("audit " + app).assertOk().out();
        for (String action : List.of("apps:create " + app, "rollback " + app + " v1", "ps:scale " + app + " web=2")) {
            assertTrue(audit.lines().anyMatch(l -> l.contains("via token " + name) && l.contains(action)),
                    action + " via token " + name + " in: " + audit);
        }

        Reply unconfirmed = api("DELETE", "/api/apps/" + app, ci, null);
        assertEquals(400, unconfirmed.status(), unconfirmed.body());
        assertTrue(unconfirmed.error().contains("?confirm=" + app), unconfirmed.error());
        assertEquals(400, api("DELETE", "/api/apps/" + app + "?confirm=other", ci, null).status());
        assertEquals(200, api("GET", "/api/apps/" + app, ci, null).status(), "nothing was deleted");
        Reply destroyed = api("DELETE", "/api/apps/" + app + "?confirm=" + app, ci, null);
        assertEquals(200, destroyed.status(), destroyed.body());
        assertEquals(404, api("GET", "/api/apps/" + app, ci, null).status());
        box.awaitContainers(app, "", Duration.ofSeconds(30));
        String all = box.ssh("audit").assertOk().out();
        assertTrue(all.lines().anyMatch(l -> l.contains("via token " + name) && l.contains("apps:destroy " + app)), all);
    }

    @Test
    void logsFollowAsEventsDirectAndThroughCaddyAndAFollowerEndsWhenItsClientLeaves() throws Exception {
        String app = box.appName("follow");
        Path src = box.project(app, tickingApp("ticking"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        box.awaitPage(app, r -> r.body().contains("ticking"), TestBox.DEPLOY_DEADLINE);
        String reader = token(box.adminKey, unique("reader") + " --read-only --app " + app);
        String path = "/api/apps/" + app + "/logs?follow=1&lines=1";

        try (Follower direct = served(box.apiPort, "127.0.0.1", path, reader)) {
            String said = direct.awaitText("data: tick\n\n", 2, Duration.ofSeconds(20));
            assertTrue(said.contains("text/event-stream"), said);
        }
        try (Follower routed = served(box.httpPort, "hiy.localhost", path, reader)) {
            routed.awaitText("data: tick\n\n", 2, Duration.ofSeconds(30));
        }

        List<Follower> followers = new ArrayList<>();
        try {
            for (int i = 0; i < FOLLOWERS; i++) {
                followers.add(served(box.apiPort, "127.0.0.1", path, reader));
                followers.get(i).awaitText("data: tick", Duration.ofSeconds(20));
            }
            Reply full = api("GET", path, reader, null);
            assertEquals(503, full.status(), full.body());
            assertTrue(full.error().contains("without follow=1"), full.error());
        } finally {
            for (Follower f : followers) f.close();
        }
        try (Follower after = served(box.apiPort, "127.0.0.1", path, reader)) {
            after.awaitText("data: tick", Duration.ofSeconds(20));
        }
    }

    /**
     * A follower that got 200, waiting while the door is full (followers that left a moment ago still hold their
     * threads until their next write fails) or, through Caddy, until its route to the API is in place.
     */
    private static Follower served(int port, String host, String path, String token) throws Exception {
        return Await.until("a follower of " + path + " via " + host + " is served", Duration.ofSeconds(30), () -> {
            Follower f = new Follower(port, host, path, token);
            String head = f.awaitText("\r\n", Duration.ofSeconds(5));
            if (head.startsWith("HTTP/1.1 200")) return f;
            f.close();
            return null;
        }, f -> f != null);
    }

    @Test
    void theApiKeepsSshsRulesForUsersAndTokens() throws Exception {
        String granted = box.appName("granted");
        String other = box.appName("other");
        box.ssh("apps:create " + granted).assertOk();
        box.ssh("apps:create " + other).assertOk();
        String bob = unique("bob");
        Path bobKey = box.newKey(bob);
        box.sshAsWithInput(box.adminKey, Path.of(bobKey + ".pub"), "keys:add " + bob).assertOk();
        box.ssh("access:grant " + granted + " " + bob).assertOk();
        String bobs = token(bobKey, "laptop");

        Reply create = api("POST", "/api/apps", bobs, "{\"name\": \"" + box.appName("bobs") + "\"}");
        assertEquals(403, create.status(), create.body());
        assertTrue(create.error().contains("only admins can create apps"), create.error());
        Reply destroy = api("DELETE", "/api/apps/" + granted + "?confirm=" + granted, bobs, null);
        assertEquals(403, destroy.status(), destroy.body());
        assertTrue(destroy.error().contains("only admins can destroy apps"), destroy.error());
        assertEquals(200, api("GET", "/api/apps/" + granted + "/releases", bobs, null).status());
        assertEquals(200, api("GET", "/api/apps/" + granted + "/processes", bobs, null).status());
        Reply never = api("POST", "/api/apps/" + granted + "/rollback", bobs, null);
        assertEquals(409, never.status(), never.body());
        assertTrue(never.error().contains("no release yet"), never.error());
        assertEquals(409, api("GET", "/api/apps/" + granted + "/logs", bobs, null).status());
        for (Reply r : List.of(api("GET", "/api/apps/" + other + "/releases", bobs, null),
                api("POST", "/api/apps/" + other + "/rollback", bobs, null),
                api("GET", "/api/apps/" + other + "/processes", bobs, null),
                api("PUT", "/api/apps/" + other + "/formation", bobs, "{\"web\": 2}"),
                api("GET", "/api/apps/" + other + "/logs?follow=1", bobs, null))) {
            assertEquals(404, r.status(), r.body());
            assertTrue(r.error().contains("no app named " + other), r.error());
        }

        String reader = token(box.adminKey, unique("reader") + " --read-only");
        for (Reply r : List.of(api("POST", "/api/apps", reader, "{\"name\": \"" + box.appName("ro") + "\"}"),
                api("DELETE", "/api/apps/" + other + "?confirm=" + other, reader, null),
                api("POST", "/api/apps/" + other + "/rollback", reader, null),
                api("PUT", "/api/apps/" + other + "/formation", reader, "{\"web\": 2}"))) {
            assertEquals(403, r.status(), r.body());
            assertTrue(r.error().contains("read-only"), r.error());
        }
        assertEquals(200, api("GET", "/api/apps/" + other, reader, null).status(), "the refused DELETE deleted nothing");
        assertEquals("{}", api("GET", "/api/apps/" + other + "/formation", reader, null).json().path("formation").toString(),
                "the refused scale stored nothing");
    }
}
