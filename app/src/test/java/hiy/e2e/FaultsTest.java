package hiy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Things break behind HIY's back while it runs: its supervisor brings back killed and removed containers, Caddy
 * (killed or wiped), and the Podman service it started; it reports an app that keeps crashing and removes containers
 * that carry an app's label without being its release.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("e2e")
class FaultsTest {
    private static final Duration RECOVERY = Duration.ofSeconds(30);
    private TestBox box;

    @BeforeAll
    void startBox() throws Exception {
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "10"));
    }

    @AfterAll
    void closeBox() throws Exception {
        if (box != null) box.close();
    }

    @Test
    void killedOrRemovedContainerServesAgain() throws Exception {
        String app = deploy("phoenix", "alive");
        String container = box.container(app, "v1-web-1");

        long t0 = System.nanoTime();
        box.podman("kill", container).assertOk();
        await(() -> restarts(app) == 1 && serves(app, "alive"), RECOVERY, "back after podman kill");
        System.out.printf("FaultsTest: serving again %.1f s after podman kill%n", secondsSince(t0));
        assertTrue(appJson(app).path("last_exit").asText().startsWith("exit code 137"), appJson(app).toString());
        assertEquals("running", appJson(app).path("status").asText());

        t0 = System.nanoTime();
        box.podman("rm", "-f", "-t", "0", container).assertOk();
        await(() -> restarts(app) == 2 && serves(app, "alive"), RECOVERY, "back after podman rm -f");
        System.out.printf("FaultsTest: serving again %.1f s after podman rm -f%n", secondsSince(t0));
        assertEquals("removed", appJson(app).path("last_exit").asText());
    }

    @Test
    void appThatKeepsExitingIsReportedAsCrashLooping() throws Exception {
        String app = box.appName("flaky");
        Path src = box.project(app, Map.of(
                "Dockerfile", "FROM localhost/busybox:latest\nCOPY index.html /www/index.html\n"
                        // httpd without -f goes to the background; with CRASH_AFTER set, the app exits that much later.
                        + "CMD httpd -p \"$PORT\" -h /www; if [ -n \"$CRASH_AFTER\" ]; then sleep \"$CRASH_AFTER\";"
                        + " exit 3; fi; exec sleep 2147483647\n",
                "index.html", "flaky\n"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        assertEquals("flaky\n", box.get(app, "/").body());

        box.ssh("config:set " + app + " CRASH_AFTER=4").assertOk();
        await(() -> "crash-loop".equals(appJson(app).path("status").asText()), Duration.ofMinutes(3),
                "crash-loop reported");
        JsonNode reported = appJson(app);
        assertTrue(reported.path("restarts").asInt() >= 5, reported.toString());
        assertTrue(reported.path("last_exit").asText().startsWith("exit code 3"), reported.toString());
        String table = box.ssh("apps").assertOk().out();
        assertTrue(table.lines().anyMatch(l -> l.startsWith(app + " ") && l.contains("crash-loop")), table);

        box.ssh("apps:destroy " + app + " --confirm " + app).assertOk();
    }

    @Test
    void wipedCaddyConfigGetsRoutesBack() throws Exception {
        String app = deploy("wiped", "routed");
        long t0 = System.nanoTime();
        // Keep the admin listener where it is: an empty config would move Caddy's admin API to its default port.
        HttpResponse<String> load = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + box.adminPort + "/load"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"admin\":{\"listen\":\"127.0.0.1:" + box.adminPort + "\"}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, load.statusCode(), load.body());
        await(() -> serves(app, "routed"), Duration.ofSeconds(10), "routes back after config wipe");
        System.out.printf("FaultsTest: routes back %.1f s after the Caddy config was wiped%n", secondsSince(t0));
    }

    @Test
    void killedCaddyIsStartedAgain() throws Exception {
        String app = deploy("undying", "still here");
        String pid = onePid("caddy run --config " + box.dataDir);
        long t0 = System.nanoTime();
        TestBox.run(box.root, List.of("kill", "-9", pid), Map.of()).assertOk();
        await(() -> serves(app, "still here"), Duration.ofSeconds(10), "serving after Caddy was killed");
        System.out.printf("FaultsTest: serving again %.1f s after Caddy was killed%n", secondsSince(t0));
        assertNotEquals(pid, onePid("caddy run --config " + box.dataDir));
    }

    @Test
    void routeCheckEveryTickKeepsKeepAliveConnectionsOpen() throws Exception {
        String app = deploy("steady", "steady");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), box.httpPort)) {
            socket.setSoTimeout(5_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            assertEquals(200, exchange(in, out, app));
            // An observation window, not a wait for a condition: three supervisor rounds must change nothing.
            Thread.sleep(7_000);
            assertEquals(200, exchange(in, out, app));
        }
    }

    @Test
    void killedPodmanServiceIsStartedAgain() throws Exception {
        String app = deploy("sturdy", "one");
        String socket = box.dataDir.resolve("podman.sock").toString();
        String pid = onePid("podman system service --time=0 unix://" + socket);
        long t0 = System.nanoTime();
        TestBox.run(box.root, List.of("kill", "-9", pid), Map.of()).assertOk();
        await(() -> {
            String now = pids("podman system service --time=0 unix://" + socket);
            return !now.isEmpty() && !now.equals(pid) && box.ssh("apps").exit() == 0;
        }, RECOVERY, "a new Podman service");
        System.out.printf("FaultsTest: Podman service running again %.1f s after it was killed%n", secondsSince(t0));
        assertTrue(serves(app, "one"));

        Path src = box.project(app, webApp("two"));
        box.git(src, "push", "--force", box.remote(app), "main").assertOk();
        box.awaitPage(app, r -> r.body().equals("two\n"), Duration.ofSeconds(30));
        assertEquals("running", appJson(app).path("status").asText());
    }

    @Test
    void strayContainerWithAnAppsLabelIsRemoved() throws Exception {
        String app = deploy("tidy", "tidy");
        String stray = box.container(app, "stray");
        box.podman("run", "-d", "--name", stray, "--label", "hiy.app=" + app, "--label", "hiy.instance=" + box.instance(),
                "localhost/busybox:latest",
                "sleep", "600").assertOk();
        long t0 = System.nanoTime();
        box.awaitContainers(app, "hiy-" + app + "-v1-web-1", RECOVERY);
        System.out.printf("FaultsTest: stray container removed after %.1f s%n", secondsSince(t0));
        assertTrue(serves(app, "tidy"));
    }

    private String deploy(String prefix, String page) throws Exception {
        String app = box.appName(prefix);
        box.git(box.project(app, webApp(page)), "push", box.remote(app), "main").assertOk();
        assertEquals(page + "\n", box.get(app, "/").body());
        return app;
    }

    private boolean serves(String app, String page) {
        try {
            HttpResponse<String> r = box.get(app, "/");
            return r.statusCode() == 200 && r.body().equals(page + "\n");
        } catch (Exception e) {
            return false;
        }
    }

    private JsonNode appJson(String app) throws Exception {
        return box.appJson(app);
    }

    private int restarts(String app) throws Exception {
        return appJson(app).path("restarts").asInt();
    }

    /** One HTTP/1.1 request on a kept-alive connection; returns the status. */
    private static int exchange(BufferedReader in, OutputStream out, String app) throws Exception {
        out.write(("GET / HTTP/1.1\r\nHost: " + app + ".localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String status = in.readLine();
        assertTrue(status != null && status.startsWith("HTTP/1.1 "), "connection closed: " + status);
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
        }
        for (int i = 0; i < length; i++) in.read();
        return Integer.parseInt(status.substring(9, 12));
    }

    private String pids(String commandLine) throws Exception {
        return TestBox.run(box.root, List.of("pgrep", "-f", commandLine), Map.of()).out().trim();
    }

    private String onePid(String commandLine) throws Exception {
        String pids = pids(commandLine);
        assertTrue(pids.matches("\\d+"), "expected one process for " + commandLine + ", got: [" + pids + "]");
        return pids;
    }

    private static void await(Await.Condition check, Duration deadline, String what) throws Exception {
        Await.until(what, deadline, check);
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
