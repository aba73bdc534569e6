package hiy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Procfile process types, ps:scale and the release phase, with real git, SSH, Podman and Caddy: several web
 * containers share the traffic, workers get none, the scale outlives deploys and HIY's own restart, and a failing
 * release command stops a deploy while the old release keeps serving.
 */
// Also in the rootful pass (infra/test.sh): ps and a killed process's exit: the limits shown differ by mode
@Tag("e2e")
@Tag("both-modes")
class ProcessesTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    static TestBox box;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.startAsProcess(Map.of("HIY_BOOT_TIMEOUT", "20", "HIY_STOP_GRACE", "3", "HIY_MAX_WEB", "3"));
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    /**
     * The image's own command serves "image command"; the Procfile's web overrides it and serves the name of its
     * process ($DYNO) and a version word, so a test can tell containers and releases apart.
     */
    private static Map<String, String> procfileApp(String word, String release) {
        Map<String, String> files = new HashMap<>();
        files.put("Dockerfile", "FROM localhost/busybox:latest\nRUN mkdir -p /www && echo image command > /www/index.html\n"
                + "CMD exec httpd -f -p \"$PORT\" -h /www\n");
        files.put("Procfile", "# web serves its own name\n"
                + "web: echo \"$DYNO " + word + "\" > /www/index.html && exec httpd -f -p \"$PORT\" -h /www\n"
                + "worker: while true; do echo \"tick from $DYNO " + word + "\"; sleep 1; done\n"
                + (release == null ? "" : "release: " + release + "\n"));
        return files;
    }

    @Test
    void procfileTypesScaleAndTheScaleOutlivesDeploysAndRestarts() throws Exception {
        String app = box.appName("procs");
        Path src = box.project(app, procfileApp("one", "echo release phase of $GREETING"));
        String first = box.git(src, "push", box.remote(app), "main").assertOk().err();
        assertTrue(first.contains("Procfile: web, worker (release: echo release phase of $GREETING)"), first);
        assertTrue(first.contains("Running the release command of v1: echo release phase of $GREETING")
                && first.contains("        release phase of"), first);
        assertEquals("web.1 one\n", box.get(app, "/").body(), "the Procfile's web replaces the image's command");
        box.awaitContainers(app, "hiy-" + app + "-v1-web-1", DEADLINE);

        String scaled = box.ssh("ps:scale " + app + " web=2 worker=1").assertOk().out();
        assertTrue(scaled.contains("Starting release v1 web.2 … healthy in")
                && scaled.contains("Starting release v1 worker.1 … running"), scaled);
        assertTrue(scaled.contains("Scaled in") && scaled.contains("web=2 worker=1"), scaled);
        box.awaitContainers(app, "hiy-" + app + "-v1-web-1\nhiy-" + app + "-v1-web-2\nhiy-" + app + "-v1-worker-1",
                DEADLINE);
        assertEquals(Set.of("web.1 one\n", "web.2 one\n"), bodiesSeen(app, 2));
        awaitLog(app, "worker.1 | tick from worker.1 one");

        box.commit(src, procfileApp("two", null), "version two, no release command");
        String second = box.git(src, "push", box.remote(app), "main").assertOk().err();
        assertFalse(second.contains("Running the release command"), second);
        box.awaitContainers(app, "hiy-" + app + "-v2-web-1\nhiy-" + app + "-v2-web-2\nhiy-" + app + "-v2-worker-1",
                DEADLINE);
        assertEquals(Set.of("web.1 two\n", "web.2 two\n"), bodiesSeen(app, 2));
        String ps = box.ssh("ps " + app).assertOk().out();
        assertTrue(ps.contains("Scale: web=2 worker=1"), ps);
        assertTrue(ps.lines().filter(l -> l.contains(" v2 ") && l.contains("running")).count() == 3, ps);

        box.killProcess();
        box.podman("rm", "-f", box.container(app, "v2-web-2"), box.container(app, "v2-worker-1")).assertOk();
        box.startProcess();
        box.awaitContainers(app, "hiy-" + app + "-v2-web-1\nhiy-" + app + "-v2-web-2\nhiy-" + app + "-v2-worker-1",
                DEADLINE);
        assertEquals(Set.of("web.1 two\n", "web.2 two\n"), bodiesSeen(app, 2));

        box.podman("kill", box.container(app, "v2-worker-1")).assertOk();
        String restarted = awaitPs(app, l -> l.startsWith("worker.1 ") && l.contains("running")
                && l.matches(".*\\s1\\s+exit code 137 \\(killed(: out of memory \\(limit \\d+ MB\\), or kill -9)?\\).*"));
        assertTrue(restarted.lines().anyMatch(l -> l.startsWith("web.1 ") && l.matches(".*running\\s+\\S+( \\S+)*\\s+0\\s+-.*")),
                "the other processes were left alone: " + restarted);

        String down = box.ssh("ps:scale " + app + " web=0").assertOk().out();
        assertTrue(down.contains("web=0 worker=1"), down);
        box.awaitContainers(app, "hiy-" + app + "-v2-worker-1", DEADLINE);
        HttpResponse<String> noWeb = box.awaitPage(app, r -> r.statusCode() == 503, DEADLINE);
        assertTrue(noWeb.body().contains(app), noWeb.body());
        assertTrue(box.ssh("apps").out().lines().anyMatch(l -> l.startsWith(app + " ") && l.contains(" running ")));
    }

    @Test
    void aFailingReleaseCommandStopsTheDeployAndTheOldReleaseKeepsServing() throws Exception {
        String app = box.appName("relfail");
        Path src = box.project(app, procfileApp("good", "echo migrated"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        assertEquals("web.1 good\n", box.get(app, "/").body());

        box.commit(src, procfileApp("bad", "echo cannot reach the database >&2; exit 3"), "a migration that fails");
        String out = box.git(src, "push", box.remote(app), "main")
                .assertDeployRejected("the release command of v2 failed (exit status 3); v1 keeps serving)").err();
        assertEquals(box.sha(src, "HEAD~1"), box.remoteSha(app, "main"), "main stays at the commit that serves");
        assertTrue(out.contains("cannot reach the database"), "the release command's output is shown: " + out);
        assertTrue(out.contains("the release command of v2 failed (exit status 3)") && out.contains("v1 keeps serving"), out);
        assertFalse(out.contains("Starting release v2"), "no process of v2 started: " + out);
        assertEquals("web.1 good\n", box.get(app, "/").body());
        box.awaitContainers(app, "hiy-" + app + "-v1-web-1", DEADLINE);
        String releases = box.ssh("releases " + app).assertOk().out();
        assertTrue(releases.lines().anyMatch(l -> l.startsWith("v2 ") && l.contains("failed")), releases);
    }

    @Test
    void badProcfilesAndScalesAreRefusedAndChangeNothing() throws Exception {
        String app = box.appName("badproc");
        Path src = box.project(app, procfileApp("fine", null));
        box.git(src, "push", box.remote(app), "main").assertOk();

        Map<String, String> broken = new HashMap<>(procfileApp("broken", null));
        broken.put("Procfile", "web: httpd -f -p $PORT\nthis line has no type\n");
        box.commit(src, broken, "broken Procfile");
        String out = box.git(src, "push", box.remote(app), "main")
                .assertDeployRejected("Procfile line 2 is not TYPE: COMMAND (got").err();
        assertTrue(out.contains("Procfile line 2 is not TYPE: COMMAND") && out.contains("Fix the Procfile"), out);
        assertEquals("web.1 fine\n", box.get(app, "/").body());

        assertRefused("ps:scale " + app + " clock=1", "has no process type clock", "web, worker");
        assertRefused("ps:scale " + app + " web=4", "web can run 0 to 3 containers", "HIY_MAX_WEB");
        assertRefused("ps:scale " + app + " web=two", "is not TYPE=N", "web=2");
        assertRefused("ps:scale " + app + " release=1", "is not a process type", "web or worker");
        assertEquals("web=1 worker=0\n", box.ssh("ps:scale " + app).assertOk().out());
        box.awaitContainers(app, "hiy-" + app + "-v1-web-1", DEADLINE);
    }

    private static void assertRefused(String command, String... parts) throws Exception {
        TestBox.Result r = box.ssh(command);
        assertEquals(1, r.exit(), command + ": " + r.out() + r.err());
        for (String part : parts) assertTrue(r.err().contains(part), command + ": " + r.err());
    }

    /** Requests the app until it has seen this many different answers (bounded), and returns them. */
    private static Set<String> bodiesSeen(String app, int different) throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100 && seen.size() < different; i++) {
            HttpResponse<String> r = box.get(app, "/");
            assertEquals(200, r.statusCode(), r.body());
            seen.add(r.body());
        }
        return seen;
    }

    /** Polls `ps APP` until one of its lines matches; returns the whole output. */
    private static String awaitPs(String app, Predicate<String> line) throws Exception {
        return Await.until("ps " + app + " shows the expected line", DEADLINE,
                () -> box.ssh("ps " + app).assertOk().out(), ps -> ps.lines().anyMatch(line));
    }

    private static void awaitLog(String app, String line) throws Exception {
        Await.until("the logs of " + app + " show \"" + line + "\"", DEADLINE,
                () -> box.ssh("logs " + app + " -n 5").assertOk().out(), logs -> logs.contains(line));
    }
}
