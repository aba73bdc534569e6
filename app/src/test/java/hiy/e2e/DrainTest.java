package hiy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A switch drains the old release: a request that is not a GET, already on the old release when the switch begins,
 * finishes there (Caddy must not send it again to the new one), and a keep-alive client posting in a loop
 * through the switch sees no error.
 */
// Also in the rootful pass (infra/test.sh): the drain: rootful, an iptables gate shuts the old slot; rootless, it
// only leaves Caddy's rotation
@Tag("e2e")
@Tag("both-modes")
class DrainTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    static TestBox box;

    @BeforeAll
    static void startHiy() throws Exception {
        // A grace far longer than the test needs: the switch must wait for the upload, not give up on it.
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "20", "HIY_STOP_GRACE", "120"));
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    /**
     * /cgi-bin/upload logs that an upload began, reads the whole body, then answers with its size and the release's
     * MODE (old in the image, changed with config:set); /cgi-bin/mode answers MODE alone.
     */
    private String deployUploadApp(String prefix) throws Exception {
        String app = box.appName(prefix);
        Path src = box.project(app, Map.of(
                "Dockerfile", "FROM localhost/busybox:latest\nENV MODE=old\nCOPY www /www\n"
                        + "RUN chmod +x /www/cgi-bin/upload /www/cgi-bin/mode\n"
                        + "CMD exec httpd -f -p \"$PORT\" -h /www\n",
                "www/index.html", "uploads\n",
                "www/cgi-bin/upload", "#!/bin/sh\necho \"upload started, $CONTENT_LENGTH bytes coming\" >&2\n"
                        + "n=$(wc -c)\necho 'Content-Type: text/plain'\necho\n"
                        + "echo \"received $n of $CONTENT_LENGTH bytes, MODE=$MODE\"\n",
                "www/cgi-bin/mode", "#!/bin/sh\necho 'Content-Type: text/plain'\necho\necho \"MODE=$MODE\"\n"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        assertEquals("MODE=old\n", box.get(app, "/cgi-bin/mode").body());
        return app;
    }

    @Test
    void anUploadInFlightWhenTheSwitchBeginsFinishesOnTheOldRelease() throws Exception {
        String app = deployUploadApp("upload");
        String oldContainer = containers(app);
        byte[] firstHalf = new byte[100_000];
        byte[] secondHalf = new byte[150_000];
        Arrays.fill(firstHalf, (byte) 'a');
        Arrays.fill(secondHalf, (byte) 'b');

        try (SubmissionPublisher<ByteBuffer> body = new SubmissionPublisher<>()) {
            HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + box.httpPort + "/cgi-bin/upload"))
                    .header("Host", app + ".localhost").timeout(DEADLINE)
                    .POST(HttpRequest.BodyPublishers.fromPublisher(body, firstHalf.length + secondHalf.length)).build();
            CompletableFuture<HttpResponse<String>> response = HTTP.sendAsync(post, HttpResponse.BodyHandlers.ofString());
            await("the client subscribes to the body", () -> body.getNumberOfSubscribers() > 0);
            body.submit(ByteBuffer.wrap(firstHalf));
            await("the old release's CGI is reading the upload",
                    () -> box.ssh("logs " + app).out().contains("upload started, 250000 bytes coming"));
            int oldPort = portWithARequestInFlight();

            TestBox.BackgroundPush configSet = box.sshInBackground("config:set " + app + " MODE=new");
            if (TestBox.AS_USER.isEmpty()) {
                await("the switch shuts the old slot to new connections (its drain begins)", () -> slotShut(oldPort));
            } else {
                // Rootless HIY has no firewall rule to shut it: the old slot is only held out of Caddy's rotation.
                await("the switch sends new requests to the new release (its drain begins)",
                        () -> box.get(app, "/cgi-bin/mode").body().equals("MODE=new\n"));
            }
            assertTrue(configSet.process().isAlive(), "the switch waits for the upload: " + configSet.text());
            assertFalse(response.isDone(), "the upload is still in flight");

            body.submit(ByteBuffer.wrap(secondHalf));
            body.close();
            HttpResponse<String> done = response.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(200, done.statusCode(), done.body());
            assertEquals("received 250000 of 250000 bytes, MODE=old\n", done.body(),
                    "the old release got the whole body and answered");

            assertTrue(configSet.process().waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), configSet.text());
            assertEquals(0, configSet.process().exitValue(), configSet.text());
            assertTrue(configSet.text().contains("Live in "), configSet.text());
        }
        assertEquals("MODE=new\n", box.get(app, "/cgi-bin/mode").body());
        String newContainer = containers(app);
        assertEquals(1, newContainer.lines().count(), newContainer);
        assertFalse(newContainer.equals(oldContainer), "the old container was retired");
        assertFalse(box.ssh("logs " + app).assertOk().out().contains("upload started"),
                "Caddy did not send the upload again to the new release");
        assertEquals("received 3 of 3 bytes, MODE=new\n", post(app, "abc").body());
    }

    @Test
    void keepAlivePostsThroughASwitchAllSucceed() throws Exception {
        String app = deployUploadApp("keepalive");
        String payload = "x".repeat(10_000);
        AtomicBoolean switching = new AtomicBoolean(true);
        CompletableFuture<List<String>> answers = CompletableFuture.supplyAsync(() -> {
            List<String> seen = new ArrayList<>();
            long end = System.nanoTime() + DEADLINE.toNanos();
            // Until the switch is over, then a few more so that the new release answers some.
            int after = 0;
            while (seen.size() < 5000 && System.nanoTime() < end && after < 20) {
                if (!switching.get()) after++;
                try {
                    HttpResponse<String> r = post(app, payload);
                    seen.add(r.statusCode() + " " + r.body().trim());
                } catch (IOException | InterruptedException e) {
                    seen.add(e.toString());
                }
            }
            return seen;
        });
        TestBox.Result configSet;
        try {
            configSet = box.ssh("config:set " + app + " MODE=new");
        } finally {
            switching.set(false);
        }
        configSet.assertOk();
        List<String> seen = answers.get(DEADLINE.toSeconds() * 2, TimeUnit.SECONDS);
        List<String> failed = seen.stream().filter(a -> !a.matches("200 received 10000 of 10000 bytes, MODE=(old|new)"))
                .toList();
        assertEquals(List.of(), failed, "of " + seen.size() + " posts");
        assertTrue(seen.size() > 20, "posts were made during the switch: " + seen.size());
        assertTrue(seen.get(0).endsWith("MODE=old") && seen.get(seen.size() - 1).endsWith("MODE=new"), seen.toString());
    }

    private static HttpResponse<String> post(String app, String body) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + box.httpPort + "/cgi-bin/upload"))
                .header("Host", app + ".localhost").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private static String containers(String app) throws Exception {
        return box.podman("ps", "--filter", "label=hiy.app=" + app, "--format", "{{.Names}}").out().trim();
    }

    /** The loopback port of the one upstream Caddy has a request on, as its admin API counts them. */
    private static int portWithARequestInFlight() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + box.adminPort + "/reverse_proxy/upstreams"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        JsonNode upstreams = new ObjectMapper().readTree(HTTP.send(req, HttpResponse.BodyHandlers.ofString()).body());
        List<Integer> busy = new ArrayList<>();
        for (JsonNode u : upstreams) {
            String address = u.path("address").asText();
            if (u.path("num_requests").asInt() > 0) busy.add(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
        }
        assertEquals(1, busy.size(), "upstreams with a request in flight: " + upstreams);
        return busy.get(0);
    }

    /** HIY's drain refuses new connections to a retiring slot with a firewall rule tagged hiy-drain. */
    private static boolean slotShut(int port) throws Exception {
        String rules = TestBox.run(box.root, List.of("iptables", "-w", "-S", "OUTPUT"), Map.of()).assertOk().out();
        return rules.lines().anyMatch(l -> l.contains("hiy-drain") && l.contains("--ctorigdstport " + port + " "));
    }

    private static void await(String what, Await.Condition condition) throws Exception {
        Await.until(what, DEADLINE, condition);
    }
}
