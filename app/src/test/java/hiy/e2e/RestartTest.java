package hiy.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** HIY restarts (its Caddy and Podman service with it): apps come back and their routes are re-applied. */
class RestartTest {
    @Test
    void restartKeepsServingAndReappliesRoutes() throws Exception {
        try (TestBox box = TestBox.start(Map.of())) {
            String app = box.appName("phoenix");
            Path src = box.project(app, webApp("survivor"));
            box.git(src, "push", box.remote(app), "main").assertOk();
            assertEquals("survivor\n", box.get(app, "/").body());

            box.stop();
            box.podman("stop", "-t", "1", "hiy-" + app + "-v1").assertOk();
            box.start();
            box.awaitPage(app, r -> r.statusCode() == 200 && r.body().equals("survivor\n"), Duration.ofSeconds(60));
            String running = box.podman("ps", "--filter", "label=hiy.app=" + app, "--format", "{{.Names}}").out().trim();
            assertEquals("hiy-" + app + "-v1", running);
        }
    }
}
