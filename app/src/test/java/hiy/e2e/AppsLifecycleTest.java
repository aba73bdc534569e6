package hiy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creating, listing, routing extra names to, and destroying apps over SSH. */
@Tag("e2e")
class AppsLifecycleTest {
    static TestBox box;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "8", "HIY_STOP_GRACE", "5"));
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    @Test
    void createListAsJsonAndRefuseDuplicatesAndBadNames() throws Exception {
        String app = box.appName("made");
        TestBox.Result created = box.ssh("apps:create " + app).assertOk();
        assertTrue(created.out().contains("git push"), created.out());
        assertTrue(Files.isDirectory(box.dataDir.resolve("repos/" + app + ".git")));
        String json = box.ssh("apps --json").assertOk().out();
        assertTrue(json.startsWith("[") && json.contains("{\"name\":\"" + app + "\",\"status\":\"new\",\"release\":null,\"url\":\"http://"
                + app + ".localhost:" + box.httpPort + "\",\"restarts\":0,\"last_exit\":null}"), json);
        assertEquals(1, box.ssh("apps:create " + app).exit());
        TestBox.Result bad = box.ssh("apps:create Bad_Name");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("not a valid app name"), bad.err());
        assertFalse(Files.exists(box.dataDir.resolve("repos/Bad_Name.git")));
    }

    @Test
    void destroyNeedsConfirmationThenRemovesEverything() throws Exception {
        String app = box.appName("doomed");
        Path src = box.project(app, webApp("doomed page"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        box.commit(src, Map.of("index.html", "second\n"), "two");
        box.git(src, "push", box.remote(app), "main").assertOk();
        assertEquals(2, box.imagesOf(app).size());

        TestBox.Result refused = box.ssh("apps:destroy " + app);
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("--confirm " + app), refused.err());
        assertEquals(1, box.ssh("apps:destroy " + app + " --confirm other").exit());
        assertEquals("second\n", box.get(app, "/").body(), "nothing was touched");

        TestBox.Result destroyed = box.ssh("apps:destroy " + app + " --confirm " + app).assertOk();
        assertTrue(destroyed.out().contains("1 container(s), 2 image(s)"), destroyed.out());
        assertEquals(404, box.get(app, "/").statusCode());
        assertEquals("", box.podman("ps", "-a", "--filter", "label=hiy.app=" + app, "--format", "{{.Names}}").out().trim());
        assertTrue(box.imagesOf(app).isEmpty());
        assertFalse(Files.exists(box.dataDir.resolve("repos/" + app + ".git")));
        assertFalse(box.ssh("apps").out().contains(app));
        assertEquals(1, box.ssh("config " + app).exit());
    }

    @Test
    void extraDomainsAreRoutedAndRemoved() throws Exception {
        String app = box.appName("named");
        Path src = box.project(app, webApp("by many names"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        String extra = "www." + app + ".test";
        TestBox.Result added = box.ssh("domains:add " + app + " " + extra).assertOk();
        assertTrue(added.out().contains("http://" + extra + ":" + box.httpPort), added.out());
        assertEquals("by many names\n", box.getHost(extra, "/").body());
        assertTrue(box.ssh("domains " + app).assertOk().out().contains(extra));

        String other = box.appName("other");
        box.ssh("apps:create " + other).assertOk();
        TestBox.Result taken = box.ssh("domains:add " + other + " " + extra);
        assertEquals(1, taken.exit());
        assertTrue(taken.err().contains("already routed to " + app), taken.err());
        assertEquals(1, box.ssh("domains:add " + app + " 'not a host'").exit());

        box.ssh("domains:remove " + app + " " + extra).assertOk();
        assertEquals(404, box.getHost(extra, "/").statusCode());
        assertEquals(1, box.ssh("domains:remove " + app + " " + extra).exit());
    }

    @Test
    void concurrentConfigSetsNeverLoseAKey() throws Exception {
        String app = box.appName("race");
        box.ssh("apps:create " + app).assertOk();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<TestBox.Result>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String cmd = "config:set " + app + " KEY_" + i + "=value-" + i + " --no-restart";
                results.add(pool.submit(() -> box.ssh(cmd)));
            }
            for (Future<TestBox.Result> r : results) r.get().assertOk();
        } finally {
            pool.shutdownNow();
        }
        String config = box.ssh("config " + app).assertOk().out();
        for (int i = 0; i < 12; i++) assertTrue(config.contains("KEY_" + i + "=value-" + i + "\n"), config);
    }

    @Test
    void colourOnlyWithATerminal() throws Exception {
        String app = box.appName("colour");
        box.ssh("apps:create " + app).assertOk();
        String plain = box.ssh("config:set " + app + " A=1 --no-restart").assertOk().out();
        assertTrue(plain.contains("-----> Set A") && !plain.contains("\u001b["), plain);
        String coloured = box.sshTty("config:set " + app + " B=2 --no-restart").assertOk().out();
        assertTrue(coloured.contains("\u001b[") && coloured.contains("Set B"), coloured);
    }

    @Test
    void helpOfEveryCommandSaysHowToUseIt() throws Exception {
        for (String command : List.of("apps", "apps:create", "apps:destroy", "config", "config:get", "config:set",
                "config:unset", "domains", "domains:add", "domains:remove", "version")) {
            TestBox.Result help = box.ssh(command + " --help").assertOk();
            assertTrue(help.out().contains("Example: ssh hiy@box " + command) && help.out().contains("Exit status"),
                    command + ": " + help.out());
        }
        TestBox.Result wrong = box.ssh("config:get");
        assertEquals(1, wrong.exit());
        assertTrue(wrong.err().contains("--help"), wrong.err());
        box.awaitPage("nothing-" + System.nanoTime(), r -> r.statusCode() == 404, Duration.ofSeconds(5));
    }
}
