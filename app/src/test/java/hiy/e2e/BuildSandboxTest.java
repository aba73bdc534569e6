package hiy.e2e;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user who may push can make a build do on the host, pushed the way they would push it: a Dockerfile step
 * that calls Caddy's admin API, ADD from a URL, links to host directories and files, a Procfile that is no text, a
 * push or a tree larger than the limits, and a push cut off half way. None of it reads, writes or keeps anything.
 */
@Tag("e2e")
class BuildSandboxTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static TestBox box;
    /** A file on the host that no build may see. */
    static Path secretDir;
    static String marker;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "10", "HIY_STOP_GRACE", "5",
                "HIY_MAX_PUSH_MB", "2", "HIY_MAX_CONTEXT_MB", "1"));
        marker = "HOST-SECRET-" + System.nanoTime();
        secretDir = Files.createDirectories(box.root.resolve("host-secrets"));
        Files.writeString(secretDir.resolve("root.key"), marker + "\n");
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    private static String caddy(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + box.adminPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A failed deploy: git push exits non-zero, the reason on the ref, main not moved. */
    private static TestBox.Result assertRejected(Path src, String app, String reason) throws Exception {
        // A first push: the app is made by it, and its main is not.
        boolean exists = box.git(box.root, "ls-remote", box.remote(app)).exit() == 0;
        String before = exists ? box.remoteSha(app, "main") : "";
        TestBox.Result push = box.git(src, "push", box.remote(app), "main");
        assertNotEquals(0, push.exit(), push.all());
        assertTrue(push.err().contains(reason), "expected \"" + reason + "\" in: " + push.err());
        assertEquals(before, box.remoteSha(app, "main"), "main did not move");
        return push;
    }

    @Test
    void aRunStepCannotReachCaddysAdminApiOrChangeItsConfig() throws Exception {
        String app = box.appName("netns");
        String servers = caddy("/config/apps/http/servers/");
        String admin = "http://127.0.0.1:" + box.adminPort;
        Path src = box.project(app, Map.of(
                "Dockerfile", "FROM localhost/busybox:latest\n"
                        + "RUN mkdir -p /www && (busybox wget -q -T 3 -O /www/config " + admin + "/config/"
                        + " && echo REACHED > /www/index.html || echo BLOCKED > /www/index.html)\n"
                        + "RUN busybox wget -q -T 3 -O - --header 'Content-Type: application/json'"
                        + " --post-data '{\"listen\":[\":1\"],\"routes\":[]}' " + admin + "/config/apps/http/servers/evil"
                        + " || true\n"
                        + "CMD exec httpd -f -p \"$PORT\" -h /www\n"));
        box.git(src, "push", box.remote(app), "main").assertOk();

        assertEquals("BLOCKED\n", box.get(app, "/index.html").body(), "the build step reached the admin API");
        assertFalse(box.get(app, "/config").body().contains("apps"), "nothing of Caddy's config was saved in the image");
        String after = caddy("/config/apps/http/servers/");
        assertFalse(after.contains("evil"), after);
        assertEquals(serverNames(servers), serverNames(after), "the build added no server to Caddy");
    }

    private static List<String> serverNames(String json) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        new ObjectMapper().readTree(json).fieldNames().forEachRemaining(names::add);
        return names.stream().sorted().toList();
    }

    @Test
    void addFromAUrlIsRefusedBeforeTheBuild() throws Exception {
        String app = box.appName("addurl");
        Path src = box.project(app, Map.of("Dockerfile", "FROM localhost/busybox:latest\n"
                + "ADD http://127.0.0.1:" + box.adminPort + "/config/ /caddy.json\nCMD exec httpd -f -p \"$PORT\"\n"));
        TestBox.Result push = assertRejected(src, app, "is not allowed");
        assertTrue(push.err().contains("RUN wget"), push.err());
        assertFalse(push.err().contains("STEP 1"), "refused before anything was built: " + push.err());
    }

    @Test
    void aLinkToAHostDirectoryExposesNothingOfIt() throws Exception {
        String app = box.appName("dirlink");
        Path src = box.project(app, Map.of(
                "Dockerfile", "FROM localhost/busybox:latest\nCOPY . /src/\nCOPY index.html /www/index.html\n"
                        + "CMD exec httpd -f -p \"$PORT\" -h /www\n",
                "index.html", "linked\n"));
        Files.createSymbolicLink(src.resolve("pki"), secretDir);
        box.commit(src, Map.of(), "a link to a host directory");
        box.git(src, "push", box.remote(app), "main").assertOk();
        assertEquals("linked\n", box.get(app, "/").body());

        TestBox.Result look = box.ssh("run " + app + " -- sh -c 'ls -la /src/pki/ /src/pki/root.key; cat /src/pki/root.key'");
        assertFalse(look.all().contains(marker), "the host file reached the image: " + look.all());
        assertTrue(look.all().contains("/src/pki"), "the link itself is in the image, as a link: " + look.all());
    }

    @Test
    void aLinkThatClimbsOutOfTheRepositoryIsRefused() throws Exception {
        String app = box.appName("climb");
        Path src = box.project(app, webApp("climb"));
        Files.createSymbolicLink(src.resolve("up"), Path.of("../../../../../../../../etc"));
        box.commit(src, Map.of(), "a link out");
        assertRejected(src, app, "points outside the");
    }

    @Test
    void aLinkedProcfileIsNeverRead() throws Exception {
        String app = box.appName("lnproc");
        Path hostProcfile = Files.writeString(box.root.resolve("host-procfile"), "web: echo " + marker + "\n");
        Path src = box.project(app, webApp("x"));
        Files.createSymbolicLink(src.resolve("Procfile"), hostProcfile);
        box.commit(src, Map.of(), "Procfile links to a host file");
        TestBox.Result push = assertRejected(src, app, "Procfile is a symbolic link");
        assertFalse(push.all().contains("echo " + marker), "HIY read the host file: " + push.all());
    }

    @Test
    void aProcfileThatIsNotTextSaysSo() throws Exception {
        String app = box.appName("binproc");
        Path src = box.project(app, webApp("x"));
        Files.write(src.resolve("Procfile"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3, 0x28, '\n'});
        box.commit(src, Map.of(), "binary Procfile");
        TestBox.Result push = assertRejected(src, app, "Procfile is not UTF-8 text");
        assertFalse(push.all().contains("Input length"), push.all());
    }

    @Test
    void aTreeLargerThanTheContextLimitIsRefusedWithItsSize() throws Exception {
        String app = box.appName("big");
        // 3 MB of one letter: a small pack (under HIY_MAX_PUSH_MB) but a large tree (over HIY_MAX_CONTEXT_MB).
        Map<String, String> files = new java.util.HashMap<>(webApp("big"));
        files.put("data.txt", "a".repeat(3 * 1024 * 1024));
        Path src = box.project(app, files);
        TestBox.Result push = assertRejected(src, app, "more than the build context limit of 1 MB");
        assertTrue(push.err().contains("3.0 MB"), push.err());
    }

    @Test
    void aPushLargerThanTheLimitIsRefusedAndLeavesNothing() throws Exception {
        String app = box.appName("huge");
        Path src = box.project(app, webApp("huge"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        byte[] noise = new byte[3 * 1024 * 1024];
        new SecureRandom().nextBytes(noise);
        Files.write(src.resolve("noise.bin"), noise);
        box.commit(src, Map.of(), "3 MB that do not compress");
        String before = box.remoteSha(app, "main");

        TestBox.Result push = box.git(src, "push", box.remote(app), "main");
        assertNotEquals(0, push.exit(), push.all());
        assertTrue(push.all().contains("larger than 2 MB"), push.all());
        assertEquals(before, box.remoteSha(app, "main"));
        assertEquals(List.of(), incoming(app), "no partial pack was left");
        assertEquals("huge\n", box.get(app, "/").body(), "the old release still serves");
    }

    @Test
    void partialPushesLeftByADeadHiyAreRemovedAtStart() throws Exception {
        String app = box.appName("partial");
        Path src = box.project(app, webApp("partial"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        Path objects = box.dataDir.resolve("repos/" + app + ".git/objects");
        Files.write(objects.resolve("incoming_" + System.nanoTime() + ".pack"), new byte[64 * 1024]);
        Files.write(objects.resolve("incoming_" + System.nanoTime() + ".idx"), new byte[1024]);

        box.stop();
        box.start();
        assertEquals(List.of(), incoming(app));
        box.awaitPage(app, r -> r.statusCode() == 200 && r.body().equals("partial\n"), TestBox.DEPLOY_DEADLINE);
    }

    private static List<String> incoming(String app) throws IOException {
        try (Stream<Path> files = Files.list(box.dataDir.resolve("repos/" + app + ".git/objects"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("incoming_")).toList();
        }
    }
}
