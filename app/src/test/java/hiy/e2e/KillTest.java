package hiy.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kill -9 of HIY mid-build: the app keeps serving, and the next HIY finishes what was cut off. */
class KillTest {
    @Test
    void killDuringABuildKeepsServingAndTheBuildRunsAgain() throws Exception {
        try (TestBox box = TestBox.startAsProcess(Map.of("HIY_BOOT_TIMEOUT", "10"))) {
            String app = box.appName("phoenix");
            Path src = box.project(app, webApp("before the crash"));
            box.git(src, "push", box.remote(app), "main").assertOk();

            Map<String, String> slow = new HashMap<>(webApp("after the crash"));
            slow.put("Dockerfile", "FROM localhost/busybox:latest\nRUN sleep 4\nCOPY index.html /www/index.html\n"
                    + "CMD exec httpd -f -p \"$PORT\" -h /www\n");
            box.commit(src, slow, "slow build");
            TestBox.BackgroundPush push = box.pushInBackground(box.adminKey, src, app);
            push.awaitOutput("RUN sleep 4", Duration.ofMinutes(2));
            box.killProcess();
            push.process().waitFor();

            box.awaitPage(app, r -> r.statusCode() == 200 && r.body().equals("before the crash\n"), Duration.ofSeconds(10));

            assertEquals(box.sha(src, "HEAD~1"), box.git(box.root, "--git-dir", box.dataDir.resolve("repos/" + app + ".git").toString(),
                    "rev-parse", "refs/heads/main").assertOk().out().trim(), "main did not move: nothing new went live");

            box.startProcess();
            box.awaitPage(app, r -> r.statusCode() == 200 && r.body().equals("after the crash\n"), Duration.ofMinutes(2));
            box.awaitContainers(app, "hiy-" + app + "-v2-web-1", Duration.ofSeconds(60));
            assertEquals(box.sha(src, "HEAD"), box.remoteSha(app, "main"), "the build queued again moved main once live");
            String audit = box.ssh("audit " + app).assertOk().out();
            assertTrue(audit.contains("push main"), audit);
        }
    }

    @Test
    void killDuringASwitchIsUndoneAndNeverLeavesTwoReleasesRouted() throws Exception {
        try (TestBox box = TestBox.startAsProcess(Map.of("HIY_BOOT_TIMEOUT", "30"))) {
            String app = box.appName("halfway");
            Path src = box.project(app, webApp("old release"));
            box.git(src, "push", box.remote(app), "main").assertOk();

            Map<String, String> slowBoot = new HashMap<>(webApp("new release"));
            slowBoot.put("Dockerfile", "FROM localhost/busybox:latest\nCOPY index.html /www/index.html\n"
                    + "CMD sleep 6; exec httpd -f -p \"$PORT\" -h /www\n");
            box.commit(src, slowBoot, "boots slowly");
            TestBox.BackgroundPush push = box.pushInBackground(box.adminKey, src, app);
            push.awaitOutput("-----> Built hiy/" + app + ":v2", Duration.ofMinutes(2));
            box.awaitContainers(app, "hiy-" + app + "-v1-web-1\nhiy-" + app + "-v2-web-1", Duration.ofSeconds(30));
            box.killProcess();
            push.process().waitFor();
            assertTrue(box.get(app, "/").body().equals("old release\n"), "the old release still serves");

            box.startProcess();
            box.awaitPage(app, r -> r.statusCode() == 200 && r.body().equals("new release\n"), Duration.ofMinutes(2));
            box.awaitContainers(app, "hiy-" + app + "-v3-web-1", Duration.ofSeconds(60));
            assertEquals(box.sha(src, "HEAD"), box.remoteSha(app, "main"));
            String releases = box.ssh("releases " + app).assertOk().out();
            assertTrue(releases.lines().anyMatch(l -> l.startsWith("v2 ") && l.contains("failed")), releases);
        }
    }
}
