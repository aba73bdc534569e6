package hiy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two HIYs on one Podman, and apps on one HIY, kept apart: each HIY names, labels and touches only its own
 * containers, even of an app of the same name; every app's containers (processes, one-offs, release command) sit
 * on the app's own network and run in a user namespace of their own. Proved by inspecting what Podman made, never
 * by sending traffic to a container's address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// Also in the rootful pass (infra/test.sh): user namespaces: rootful, a range of HIY's own; rootless, carved from
// the user's subordinate ids
@Tag("e2e")
@Tag("both-modes")
class IsolationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Room for one Podman 4.3 service deadlock (HIY gives up on a call after 60 s, restarts it, tries again). */
    private static final Duration DEADLINE = Duration.ofSeconds(150);
    /** Two supervisor rounds (2 s each) and some: long enough for a stray sweep to have run twice in each HIY. */
    private static final Duration TWO_ROUNDS = Duration.ofSeconds(6);
    private TestBox one;
    private TestBox two;

    @BeforeAll
    void startBoxes() throws Exception {
        one = TestBox.start(Map.of());
        two = TestBox.start(Map.of());
    }

    @AfterAll
    void closeBoxes() throws Exception {
        if (two != null) two.close();
        if (one != null) one.close();
    }

    @Test
    void twoHiysOnOnePodmanKeepTheirOwnAppOfTheSameName() throws Exception {
        assertNotEquals(one.instance(), two.instance());
        String app = one.appName("zqweb");
        two.sameAppAs(app);
        one.git(one.project(app, webApp("from one")), "push", one.remote(app), "main").assertOk();
        two.git(two.project(app, webApp("from two")), "push", two.remote(app), "main").assertOk();
        String ofOne = id(one, one.container(app, "v1-web-1"));
        String ofTwo = id(two, two.container(app, "v1-web-1"));

        long end = System.nanoTime() + TWO_ROUNDS.toNanos();
        int checks = 0;
        while (System.nanoTime() < end) {
            assertEquals("from one\n", one.get(app, "/").body());
            assertEquals("from two\n", two.get(app, "/").body());
            checks++;
            Thread.sleep(250);
        }
        assertTrue(checks > 10, "checked " + checks + " times");
        assertEquals(ofOne, id(one, one.container(app, "v1-web-1")), "one's container was never replaced");
        assertEquals(ofTwo, id(two, two.container(app, "v1-web-1")), "two's container was never replaced");
        one.awaitContainers(app, "hiy-" + app + "-v1-web-1", DEADLINE);
        two.awaitContainers(app, "hiy-" + app + "-v1-web-1", DEADLINE);
        assertEquals(2, one.imagesOf(app).size(), "one image tag per HIY: " + one.imagesOf(app));

        one.ssh("apps:destroy " + app + " --confirm " + app).assertOk();
        one.awaitContainers(app, "", DEADLINE);
        assertEquals("from two\n", two.get(app, "/").body());
        assertEquals(ofTwo, id(two, two.container(app, "v1-web-1")));
        assertEquals(1, one.podman("network", "exists", network(one, app)).exit(), "destroy removed the network");
        assertEquals(0, two.podman("network", "exists", network(two, app)).exit(), "two's network stays");
    }

    @Test
    void everyContainerOfAnAppSitsOnItsOwnNetworkInAUserNamespaceOfItsOwn() throws Exception {
        String shop = one.appName("shop");
        String blog = one.appName("blog");
        Map<String, String> slowRelease = new HashMap<>(webApp("shop"));
        slowRelease.put("Procfile", "web: exec httpd -f -p \"$PORT\" -h /www\nrelease: sleep 4\n");
        TestBox.BackgroundPush push = one.pushInBackground(one.adminKey, one.project(shop, slowRelease), shop);
        String release = one.container(shop, "v1-release");
        await(() -> one.podman("container", "exists", release).exit() == 0, "the release command's container");
        assertIsolated(one, release, shop);
        assertEquals(0, push.process().waitFor(), push.text());
        one.git(one.project(blog, webApp("blog")), "push", one.remote(blog), "main").assertOk();

        assertIsolated(one, one.container(shop, "v1-web-1"), shop);
        assertIsolated(one, one.container(blog, "v1-web-1"), blog);
        assertNotEquals(network(one, shop), network(one, blog));
        JsonNode labels = JSON.readTree(one.podman("network", "inspect", network(one, shop), "--format",
                "{{json .Labels}}").assertOk().out());
        assertEquals(one.instance(), labels.path("hiy.instance").asText(), labels.toString());
        // Published on loopback, so Caddy still routes there.
        assertTrue(one.podman("port", one.container(shop, "v1-web-1")).assertOk().out().contains("127.0.0.1:"));
        assertEquals("shop\n", one.get(shop, "/").body());

        TestBox.BackgroundPush run = one.sshInBackground("run " + shop + " -- sleep 30");
        await(() -> !one.oneOffs(shop).isEmpty(), "the one-off container");
        String oneOff = one.oneOffs(shop);
        assertTrue(oneOff.startsWith("hiy-" + one.instance() + "-" + shop + "-run-"), oneOff);
        await(() -> "true".equals(one.podman("inspect", oneOff, "--format", "{{.State.Running}}").out().trim()),
                "the one-off running");
        assertIsolated(one, oneOff, shop);
        run.process().destroy();
        await(() -> one.oneOffs(shop).isEmpty(), "the one-off removed after the caller left");
    }

    /** The container is only on the app's network, and its uid 0 is not the host's. */
    private static void assertIsolated(TestBox box, String container, String app) throws Exception {
        JsonNode inspected = JSON.readTree(box.podman("inspect", container).assertOk().out()).get(0);
        Set<String> networks = new TreeSet<>();
        inspected.path("NetworkSettings").path("Networks").fieldNames().forEachRemaining(networks::add);
        assertEquals(Set.of(network(box, app)), networks, container);
        assertEquals(box.instance(), inspected.path("Config").path("Labels").path("hiy.instance").asText(), container);
        long pid = inspected.path("State").path("Pid").asLong();
        assertTrue(pid > 0, container + " is not running");
        String uidMap = Files.readString(Path.of("/proc", String.valueOf(pid), "uid_map"));
        List<String> first = List.of(uidMap.lines().findFirst().orElseThrow().trim().split("\\s+"));
        assertEquals("0", first.get(0), uidMap);
        assertTrue(Long.parseLong(first.get(1)) >= 65536, container + ": root in it is host uid " + first.get(1));
    }

    private static String network(TestBox box, String app) throws Exception {
        return "hiy-" + box.instance() + "-" + app;
    }

    private static String id(TestBox box, String container) throws Exception {
        return box.podman("inspect", container, "--format", "{{.Id}}").assertOk().out().trim();
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Check check, String what) throws Exception {
        Await.until(what, DEADLINE, check::ok);
    }
}
