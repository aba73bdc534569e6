package hiy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of HIY mid-build: the app keeps serving, and the next HIY finishes what was cut off; and it takes back the
 * Caddy and Podman service the killed one started, and keeps them running.
 */
@Tag("e2e")
class KillTest {
    @Test
    void hiyStartedAgainLooksAfterTheCaddyAndPodmanServiceItStartedBefore() throws Exception {
        try (TestBox box = TestBox.startAsProcess(Map.of("HIY_PODMAN_IDLE", "0"))) {
            // The service stays up throughout (it would sleep when unused for a minute, and is then not there to adopt).
            String app = box.appName("keeper");
            box.git(box.project(app, webApp("kept")), "push", box.remote(app), "main").assertOk();
            long caddy = recordedPid(box.dataDir.resolve("caddy/caddy.pid"));
            long service = recordedPid(box.dataDir.resolve("podman-service.pid"));

            box.killProcess();
            box.startProcess();
            box.awaitPage(app, r -> r.statusCode() == 200 && r.body().equals("kept\n"), Duration.ofSeconds(30));
            assertEquals(List.of(caddy), caddys(box), "one Caddy for the data dir: the one started before");
            assertEquals(List.of(service), services(box), "one Podman service for the data dir: the one started before");
            assertEquals(caddy, recordedPid(box.dataDir.resolve("caddy/caddy.pid")));

            long t0 = System.nanoTime();
            TestBox.run(box.root, List.of("kill", "-9", Long.toString(caddy)), Map.of()).assertOk();
            box.awaitPage(app, r -> r.statusCode() == 200 && r.body().equals("kept\n"), Duration.ofSeconds(30));
            System.out.printf("KillTest: serving %.1f s after the adopted Caddy was killed%n", (System.nanoTime() - t0) / 1e9);
            long restarted = recordedPid(box.dataDir.resolve("caddy/caddy.pid"));
            assertNotEquals(caddy, restarted);
            assertEquals(List.of(restarted), caddys(box));
            assertEquals(List.of(service), services(box));
        }
    }

    private static List<Long> caddys(TestBox box) throws Exception {
        return TestBox.processesNaming("run --config " + box.dataDir.resolve("caddy/caddy.json"));
    }

    private static List<Long> services(TestBox box) throws Exception {
        return TestBox.processesNaming("system service --time=0 unix://" + box.dataDir.resolve("podman.sock"));
    }

    private static long recordedPid(Path pidFile) throws Exception {
        return Long.parseLong(Files.readString(pidFile).strip().split(" ")[0]);
    }

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
