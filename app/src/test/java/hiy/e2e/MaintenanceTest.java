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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * maintenance:on makes the real Caddy answer 503 with a page (the app's own maintenance.html, else HIY's) while the
 * app's container keeps running; off ends it.
 */
@Tag("e2e")
class MaintenanceTest {
    static TestBox box;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.start(Map.of("HIY_STOP_GRACE", "3"));
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    private static String webContainer(String app) throws Exception {
        return box.podman("ps", "--filter", "label=hiy.app=" + app, "--filter", "label=hiy.process=web.1",
                "--format", "{{.Names}}").out().strip();
    }

    @Test
    void maintenanceAnswers503WhileTheProcessesKeepRunning() throws Exception {
        String app = box.appName("maint");
        Path src = box.project(app, webApp("live"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        String running = webContainer(app);

        String on = box.ssh("maintenance:on " + app).assertOk().out();
        assertTrue(on.contains("is in maintenance") && on.contains("maintenance:off " + app), on);
        var page = box.get(app, "/");
        assertEquals(503, page.statusCode());
        assertTrue(page.body().contains("Down for maintenance"), page.body());
        assertEquals("300", page.headers().firstValue("Retry-After").orElse(""));
        assertEquals(running, webContainer(app), "the same container keeps running");
        assertEquals("hi", box.ssh("run " + app + " -- echo hi").assertOk().out().strip());

        box.commit(src, webApp("second"), "second");
        box.git(src, "push", box.remote(app), "main").assertOk();
        assertEquals(503, box.get(app, "/").statusCode(), "a deploy does not end maintenance");

        box.ssh("maintenance:off " + app).assertOk();
        var back = box.get(app, "/");
        assertEquals(200, back.statusCode());
        assertEquals("second\n", back.body());
        assertEquals(1, box.ssh("maintenance:on nosuch-app").exit());
    }

    @Test
    void theAppsOwnMaintenanceHtmlIsShownAsCommitted() throws Exception {
        String app = box.appName("ownpage");
        String own = "<!doctype html><style>body{margin:0}</style><p>Back at five. {env.HOME} {http.request.host}</p>\n";
        Map<String, String> files = new HashMap<>(webApp("live"));
        files.put("maintenance.html", own);
        Path src = box.project(app, files);
        box.git(src, "push", box.remote(app), "main").assertOk();

        String on = box.ssh("maintenance:on " + app).assertOk().out();
        assertTrue(on.contains("its own maintenance.html"), on);
        var page = box.get(app, "/");
        assertEquals(503, page.statusCode());
        assertEquals(own, page.body(), "sent as committed: Caddy fills in no placeholder");
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(""));

        box.commit(src, Map.of("maintenance.html", "x".repeat(70 * 1024)), "too big a page");
        box.git(src, "push", box.remote(app), "main").assertOk();
        assertEquals(own, box.get(app, "/").body(), "the page is read at maintenance:on, not at each deploy");
        TestBox.Result again = box.ssh("maintenance:on " + app).assertOk();
        assertTrue(again.err().contains("more than 64 KiB") && again.err().contains("HIY's own page is shown"),
                again.err());
        assertTrue(box.get(app, "/").body().contains("Down for maintenance"));

        box.ssh("maintenance:off " + app).assertOk();
        assertEquals("live\n", box.get(app, "/").body());
    }
}
