package hiy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health checks set over SSH or read from app.json decide whether a release goes live; old images are pruned. */
@Tag("e2e")
class ChecksTest {
    static TestBox box;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "6", "HIY_STOP_GRACE", "5", "HIY_KEEP_RELEASES", "2"));
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    /** / answers 200; /cgi-bin/broken always answers 500. */
    private static Map<String, String> appWithBrokenPath(String page) {
        Map<String, String> files = new HashMap<>();
        files.put("Dockerfile", "FROM localhost/busybox:latest\nCOPY www /www\nRUN chmod +x /www/cgi-bin/broken\n"
                + "CMD exec httpd -f -p \"$PORT\" -h /www\n");
        files.put("www/index.html", page + "\n");
        files.put("www/cgi-bin/broken", "#!/bin/sh\necho 'Status: 500 Internal Server Error'\necho 'Content-Type: text/plain'\necho\necho broken\n");
        return files;
    }

    @Test
    void checkPathSetOverSshGatesTheRelease() throws Exception {
        String app = box.appName("gated");
        Path src = box.project(app, appWithBrokenPath("first"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        String defaults = box.ssh("checks " + app).assertOk().out();
        assertTrue(defaults.contains("path       /") && defaults.contains("(default)"), defaults);

        box.ssh("checks:set " + app + " path=/cgi-bin/broken successes=2 interval=100ms timeout=3s").assertOk();
        assertTrue(box.ssh("checks " + app).out().contains("/cgi-bin/broken (checks:set)"));
        String live = box.sha(src, "HEAD");
        box.commit(src, Map.of("www/index.html", "second\n"), "second");
        String out = box.git(src, "push", box.remote(app), "main")
                .assertDeployRejected("release v2 web.1 did not become healthy; v1 keeps serving)").err();
        assertTrue(out.contains("at /cgi-bin/broken within 3 s") && out.contains("v1 keeps serving"), out);
        assertEquals("first\n", box.get(app, "/").body());
        assertEquals(live, box.remoteSha(app, "main"), "main stays at the commit that serves");

        box.ssh("checks:set " + app + " path=default").assertOk();
        box.commit(src, Map.of("www/index.html", "third\n"), "third");
        box.git(src, "push", box.remote(app), "main").assertOk();
        assertEquals("third\n", box.get(app, "/").body());
    }

    @Test
    void appJsonHealthcheckIsRead() throws Exception {
        String app = box.appName("appjson");
        Map<String, String> files = appWithBrokenPath("from app.json");
        files.put("app.json", "{\"healthchecks\":{\"web\":[{\"type\":\"startup\",\"path\":\"/cgi-bin/broken\",\"attempts\":2,\"wait\":1}]}}");
        Path src = box.project(app, files);
        String out = box.git(src, "push", box.remote(app), "main")
                .assertDeployRejected("release v1 web.1 did not become healthy; nothing was serving before)").err();
        assertTrue(out.contains("at /cgi-bin/broken within 2 s"), out);
        assertTrue(box.ssh("checks " + app).out().contains("/cgi-bin/broken (app.json)"));

        box.commit(src, Map.of("app.json", "{\"healthchecks\":{\"web\":[{\"path\":\"/index.html\"}]}}"), "fix");
        box.git(src, "push", box.remote(app), "main").assertOk();
        assertEquals("from app.json\n", box.get(app, "/").body());

        box.commit(src, Map.of("app.json", "{not json"), "break");
        String broken = box.git(src, "push", box.remote(app), "main")
                .assertDeployRejected("app.json is not valid JSON").err();
        assertTrue(broken.contains("app.json is not valid JSON"), broken);
        assertEquals(box.sha(src, "HEAD~1"), box.remoteSha(app, "main"));
    }

    @Test
    void badCheckSettingsAreRefused() throws Exception {
        String app = box.appName("badcheck");
        box.ssh("apps:create " + app).assertOk();
        for (String bad : new String[] {"path=up", "successes=0", "interval=fast", "colour=blue", "timeout"}) {
            TestBox.Result r = box.ssh("checks:set " + app + " " + bad);
            assertEquals(1, r.exit(), bad);
            assertFalse(r.err().isBlank(), bad);
        }
    }

    @Test
    void onlyTheNewestServedImagesAreKept() throws Exception {
        String app = box.appName("prune");
        Path src = box.project(app, webApp("1"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        for (int i = 2; i <= 4; i++) {
            box.commit(src, Map.of("index.html", i + "\n"), "v" + i);
            box.git(src, "push", box.remote(app), "main").assertOk();
        }
        assertEquals("4\n", box.get(app, "/").body());
        var images = box.imagesOf(app);
        assertEquals(2, images.size(), images.toString());
        String suffix = "-" + box.instance();
        assertTrue(images.stream().anyMatch(i -> i.endsWith(":v4" + suffix)) && images.stream().anyMatch(i -> i.endsWith(":v3" + suffix)),
                images.toString());
    }
}
