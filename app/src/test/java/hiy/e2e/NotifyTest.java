package hiy.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Notifications as an app's people get them: an ntfy topic and a Slack-compatible webhook (local receivers on
 * loopback) told of deploys, failed deploys, rollbacks and crashes made with real pushes, Podman and Caddy; never
 * a config value; a receiver that fails tried again, one that hangs holding up nothing.
 */
@Tag("e2e")
class NotifyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "s3cr3t-" + Long.toString(System.nanoTime(), 36);
    static TestBox box;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "20", "HIY_STOP_GRACE", "2"));
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    private static NotifyReceiver.Request await(NotifyReceiver receiver, String what, Predicate<NotifyReceiver.Request> match)
            throws Exception {
        return Await.until(what, Duration.ofSeconds(60),
                () -> receiver.requests().stream().filter(match).findFirst().orElse(null), r -> r != null);
    }

    private static String slackText(NotifyReceiver.Request r) {
        try {
            return JSON.readTree(r.body()).path("text").asText();
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void deploysFailuresRollbacksAndCrashesAreToldWithoutAConfigValue() throws Exception {
        String app = box.appName("told");
        box.ssh("apps:create " + app).assertOk();
        box.ssh("config:set " + app + " GREETING=" + SECRET).assertOk();
        try (NotifyReceiver receiver = NotifyReceiver.answering()) {
            String slack = receiver.url("/hooks/team-" + SECRET.hashCode());
            String ntfy = receiver.url("/topic-of-" + app);
            String set = box.ssh("notify:set " + app + " " + slack + " --events deploy,fail,rollback").assertOk().out();
            assertTrue(set.contains("(slack)"), set);
            assertTrue(box.ssh("notify:set " + app + " " + ntfy + " --events deploy,crash").assertOk().out().contains("(ntfy)"));
            String listed = box.ssh("notify " + app).assertOk().out();
            assertTrue(listed.contains(receiver.url("/…")) && listed.contains("deploy,fail,rollback"), listed);
            assertFalse(listed.contains("/hooks/") || listed.contains("/topic-of-"), "a URL's path is its secret: " + listed);

            Path src = box.project(app, webApp("first " + SECRET));
            box.git(src, "push", box.remote(app), "main").assertOk();
            String sha = box.sha(src, "HEAD").substring(0, 7);
            String live = app + ": v1 is live (deploy of " + sha + " by alice): http://" + app + ".localhost";
            NotifyReceiver.Request deployed = await(receiver, "the deploy told to Slack",
                    r -> r.path().startsWith("/hooks/") && slackText(r).startsWith(live));
            assertTrue(deployed.header("Content-Type").startsWith("application/json"), deployed.headers().toString());
            NotifyReceiver.Request topic = await(receiver, "the deploy told to ntfy",
                    r -> r.path().startsWith("/topic-of-") && r.body().startsWith(live));
            assertEquals(app + " v1 is live", topic.header("Title"));

            box.commit(src, Map.of("Dockerfile", "FROM localhost/busybox:latest\nRUN echo " + SECRET + " && exit 7\n"), "broken");
            box.git(src, "push", box.remote(app), "main").assertDeployRejected("the Dockerfile failed");
            String failedSha = box.sha(src, "HEAD").substring(0, 7);
            NotifyReceiver.Request failed = await(receiver, "the failed deploy told to Slack", r -> slackText(r)
                    .startsWith(app + ": the deploy of " + failedSha + " by alice failed: the Dockerfile failed"));
            assertFalse(failed.body().contains(SECRET), failed.body());

            box.commit(src, webApp("second"), "second");
            box.git(src, "push", box.remote(app), "main").assertOk();
            box.ssh("rollback " + app).assertOk();
            await(receiver, "the rollback told to Slack",
                    r -> slackText(r).startsWith(app + ": v3 is live (rollback to " + sha + " by alice)"));

            String container = Await.until("the app's container", Duration.ofSeconds(30),
                    () -> box.podman("ps", "--filter", "label=hiy.app=" + app, "--format", "{{.Names}}").out().strip(),
                    names -> !names.isEmpty() && !names.contains("\n"));
            box.podman("kill", container).assertOk();
            NotifyReceiver.Request crash = await(receiver, "the crash told to ntfy",
                    r -> r.path().startsWith("/topic-of-") && r.body().startsWith(app + ": web.1 stopped ("));
            assertTrue(crash.body().contains("HIY started it again"), crash.body());
            assertEquals(app + ": a process crashed", crash.header("Title"));

            for (NotifyReceiver.Request r : receiver.requests()) {
                assertFalse(r.body().contains(SECRET) || r.headers().toString().contains(SECRET), "a config value left: " + r);
            }
            assertTrue(receiver.requests().stream().noneMatch(r -> r.path().startsWith("/topic-of-")
                    && (r.body().contains("failed") || r.body().contains("rollback"))), "ntfy asked for deploy and crash only");
            String audit = box.ssh("audit " + app).assertOk().out();
            assertTrue(audit.contains("notify:set " + app + " " + receiver.url("/…")), audit);
            assertFalse(audit.contains("/hooks/team") || audit.contains("/topic-of-"), audit);

            box.ssh("notify:unset " + app + " " + ntfy).assertOk();
            assertFalse(box.ssh("notify " + app).assertOk().out().contains("ntfy"));
        }
    }

    @Test
    void aReceiverThatFailsIsTriedAgainAndOneThatNeverAnswersHoldsUpNoDeploy() throws Exception {
        String app = box.appName("retried");
        box.ssh("apps:create " + app).assertOk();
        try (NotifyReceiver flaky = NotifyReceiver.answering(503); NotifyReceiver dead = NotifyReceiver.hanging()) {
            box.ssh("notify:set " + app + " " + dead.url("/stuck") + " --events deploy").assertOk();
            box.ssh("notify:set " + app + " " + flaky.url("/flaky") + " --events deploy").assertOk();
            Path src = box.project(app, webApp("retried"));
            long start = System.nanoTime();
            box.git(src, "push", box.remote(app), "main").assertOk();
            long pushSeconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            assertTrue(pushSeconds < 60, "the push took " + pushSeconds + " s");
            Await.until("the dead receiver was asked", Duration.ofSeconds(30), () -> dead.requests().size(), n -> n >= 1);
            List<NotifyReceiver.Request> tries = Await.until("the flaky receiver asked twice", Duration.ofSeconds(60),
                    flaky::requests, rs -> rs.size() >= 2);
            assertEquals(tries.get(0).body(), tries.get(1).body(), "the same message again");
            assertTrue(tries.get(1).body().startsWith(app + ": v1 is live"), tries.get(1).body());
        }
    }

    @Test
    void onlyHttpUrlsAreTakenAndNonAdminsNeitherUseHttpNorTellEveryApp() throws Exception {
        String app = box.appName("rules");
        box.ssh("apps:create " + app).assertOk();
        assertRefused(box.ssh("notify:set " + app + " ftp://example.com/x"), "not an http:// or https:// URL");
        assertRefused(box.ssh("notify:set " + app + " file:///etc/passwd"), "not an http:// or https:// URL");
        assertRefused(box.ssh("notify:set " + app + " https://ntfy.sh/x --events deploy,boom"), "\"boom\" is not an event");
        assertRefused(box.ssh("notify:set " + app + " https://ntfy.sh/x --kind irc"), "\"irc\" is not a kind");
        assertRefused(box.ssh("notify:unset " + app + " https://ntfy.sh/never-set"), "no notification goes to that URL");

        String bob = "bob-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        Path bobKey = box.newKey(bob);
        box.sshAsWithInput(box.adminKey, Path.of(bobKey + ".pub"), "keys:add " + bob).assertOk();
        box.ssh("access:grant " + app + " " + bob).assertOk();
        assertRefused(box.sshAs(bobKey, "notify:set " + app + " http://127.0.0.1:2019/stop"), "only admins may use an http:// URL");
        assertRefused(box.sshAs(bobKey, "notify:set https://ntfy.sh/everything"), "only admins can notify about every app");
        assertRefused(box.sshAs(bobKey, "notify:set " + box.appName("notmine") + " https://ntfy.sh/x"), "no app named");
        box.sshAs(bobKey, "notify:set " + app + " https://ntfy.invalid/bobs-topic --events fail").assertOk();
        String listed = box.sshAs(bobKey, "notify " + app).assertOk().out();
        assertTrue(listed.contains("https://ntfy.invalid/…") && listed.contains(bob), listed);
        box.sshAs(bobKey, "notify:unset " + app + " https://ntfy.invalid/bobs-topic").assertOk();
    }

    private static void assertRefused(TestBox.Result r, String message) {
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains(message), "expected \"" + message + "\" in: " + r.err());
    }
}
