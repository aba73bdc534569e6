package hiy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A volume's files outlive a kill -9 of HIY and a simulated reboot (HIY killed, every container of the app gone):
 * the HIY that starts again revives the app with its volume, and the count goes on.
 */
@Tag("e2e")
class StorageRebootTest {
    @Test
    void theCountSurvivesAKillOfHiyAndAReboot() throws Exception {
        try (TestBox box = TestBox.startAsProcess(Map.of("HIY_BOOT_TIMEOUT", "20", "HIY_STOP_GRACE", "3"))) {
            String app = box.appName("phoenix");
            box.ssh("apps:create " + app).assertOk();
            box.ssh("storage:mount " + app + " data:/data --exclusive").assertOk();
            Path src = box.project(app, StorageTest.counterWithoutRelease("alive"));
            box.git(src, "push", box.remote(app), "main").assertOk();
            assertEquals("1", count(box, app));
            assertEquals("2", count(box, app));

            box.killProcess();
            box.startProcess();
            assertEquals("3", count(box, app), "after kill -9 of HIY");

            box.killProcess();
            for (String id : box.podman("ps", "-aq", "--filter", "label=hiy.app=" + app, "--filter",
                    "label=hiy.instance=" + box.instance()).out().split("\\s+")) {
                if (!id.isBlank()) box.podman("rm", "-f", "-t", "0", id).assertOk();
            }
            box.startProcess();
            box.awaitPage(app, r -> r.statusCode() == 200 && r.body().equals("alive\n"), Duration.ofSeconds(60));
            assertEquals("4", count(box, app), "after a reboot took every container away");
        }
    }

    private static String count(TestBox box, String app) throws Exception {
        var r = box.get(app, "/cgi-bin/count");
        assertEquals(200, r.statusCode(), r.body());
        return r.body().strip();
    }
}
