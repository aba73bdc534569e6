package hiy.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static hiy.e2e.TestBox.webApp;
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
            Path err = box.root.resolve("push.err");
            ProcessBuilder pb = new ProcessBuilder("git", "push", box.remote(app), "main").directory(src.toFile())
                    .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("GIT_SSH_COMMAND", "ssh -i " + box.adminKey + " -o IdentitiesOnly=yes"
                    + " -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes");
            Process push = pb.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!Files.readString(err).contains("RUN sleep 4")) {
                assertTrue(System.nanoTime() < deadline && push.isAlive(), "never got to the build: " + Files.readString(err));
                Thread.sleep(50);
            }
            box.killProcess();
            push.waitFor();

            box.awaitPage(app, r -> r.statusCode() == 200 && r.body().equals("before the crash\n"), Duration.ofSeconds(10));

            box.startProcess();
            box.awaitPage(app, r -> r.statusCode() == 200 && r.body().equals("after the crash\n"), Duration.ofMinutes(2));
            box.awaitContainers(app, "hiy-" + app + "-v2", Duration.ofSeconds(60));
            String audit = box.ssh("audit " + app).assertOk().out();
            assertTrue(audit.contains("push main"), audit);
        }
    }
}
