package hiy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** maintenance:on makes the real Caddy answer 503 with a page while the app's container keeps running; off ends it. */
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
}
