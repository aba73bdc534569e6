package hiy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A whole-box reboot, simulated: HIY stops (and with it its Caddy and Podman service), every app container
 * stops; HIY starts again and every app serves within 30 s from its kept image, without a build.
 */
@Tag("e2e")
class RestartTest {
    @Test
    void afterARebootEveryAppServesAgainWithoutABuild() throws Exception {
        try (TestBox box = TestBox.start(Map.of())) {
            List<String> apps = List.of(box.appName("phoenix"), box.appName("lazarus"));
            for (String app : apps) {
                Path src = box.project(app, webApp("survivor " + app));
                box.git(src, "push", box.remote(app), "main").assertOk();
                assertEquals("survivor " + app + "\n", box.get(app, "/").body());
            }

            box.stop();
            for (String app : apps) box.podman("stop", "-t", "1", box.container(app, "v1-web-1")).assertOk();
            box.start();

            for (String app : apps) {
                box.awaitPage(app, r -> r.statusCode() == 200 && r.body().equals("survivor " + app + "\n"),
                        Duration.ofSeconds(30));
                box.awaitContainers(app, "hiy-" + app + "-v1-web-1", Duration.ofSeconds(30));
                String releases = box.ssh("releases " + app).assertOk().out();
                assertFalse(releases.contains("v2"), "no new release, no build: " + releases);
            }
        }
    }
}
