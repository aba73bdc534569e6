package hiy.e2e;

import hiy.runtime.TestPodman;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Operating a deployed app over SSH: its logs, containers and releases; stop, start, restart, rollback, deploy. */
@Tag("e2e")
class OperateAppsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String SECRET = "s3cr3t-token-value";
    static TestBox box;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "8", "HIY_STOP_GRACE", "2"));
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    /** busybox httpd -v logs one "response:CODE" line per request; the app also prints its API_TOKEN at boot. */
    private static Map<String, String> verboseApp(String page) {
        return Map.of(
                "Dockerfile", "FROM localhost/busybox:latest\nCOPY index.html /www/index.html\n"
                        + "CMD echo \"booting with token $API_TOKEN\"; exec httpd -f -v -p \"$PORT\" -h /www\n",
                "index.html", page + "\n");
    }

    private String deployed(String prefix, String page) throws Exception {
        String app = box.appName(prefix);
        Path src = box.project(app, verboseApp(page));
        box.git(src, "push", box.remote(app), "main").assertOk();
        assertEquals(page + "\n", box.get(app, "/").body());
        return app;
    }

    @Test
    void runStartsAOneOffWithTheAppsConfigAndPassesItsExitStatus() throws Exception {
        String app = deployed("oneoff", "one-off host");
        box.ssh("config:set " + app + " GREETING=" + SECRET + " MODE=plain-mode").assertOk();
        TestBox.Result run = box.ssh("run " + app + " -- sh -c 'echo port is $PORT; echo mode has ${#MODE} chars; "
                + "echo greeting $GREETING; cat /www/index.html; exit 3'");
        assertEquals(3, run.exit(), run.all());
        assertTrue(run.out().contains("port is 5000") && run.out().contains("mode has 10 chars")
                && run.out().contains("one-off host"), run.out());
        assertTrue(run.out().contains("greeting [redacted]") && !run.all().contains(SECRET), run.all());
        assertEquals("", box.oneOffs(app), "the one-off container is removed");
        assertEquals("one-off host\n", box.get(app, "/").body(), "the app itself was not touched");
        assertEquals(1, box.ssh("run " + app).exit(), "a command is required");
    }

    @Test
    void runPassesTheCallersInputAndItsEnd() throws Exception {
        String app = deployed("stdin", "fed");
        Path input = Files.writeString(box.root.resolve("input-" + app), "hello\nworld\n");
        TestBox.Result cat = box.sshAsWithInput(box.adminKey, input, "run " + app + " -- cat");
        assertEquals(0, cat.exit(), cat.all());
        assertEquals("hello\nworld\n", cat.out(), "all of the input, and cat ended at its end");

        TestBox.Result read = box.sshAsWithInput(box.adminKey, input,
                "run " + app + " -- sh -c 'read x; echo got $x; tty; exit 4'");
        assertEquals(4, read.exit(), read.all());
        assertEquals("got hello\nnot a tty\n", read.out(), "no TTY without ssh -t");

        assertEquals(0, box.ssh("run " + app + " -- cat").assertOk().out().length(), "no input: cat ends at once");
        assertEquals("", box.oneOffs(app), "the one-off containers are removed");
        await(OperateAppsTest::attachThreads, n -> n == 0);
    }

    @Test
    void runWithATerminalGivesTheCommandATty() throws Exception {
        String app = deployed("tty", "typed");
        TestBox.Result tty = box.sshTty("run " + app + " -- sh -c 'tty && echo ok; echo TERM=$TERM; exit 5'");
        assertEquals(5, tty.exit(), tty.all());
        assertTrue(tty.out().contains("/dev/pts/") && tty.out().contains("ok\r\n"), "a TTY (which writes CRLF): " + tty.out());
        assertFalse(tty.out().contains("TERM=\r"), tty.out());

        Path typed = Files.writeString(box.root.resolve("typed-" + app), "echo shell-$((6*7))\nexit 7\n");
        TestBox.Result shell = box.sshTtyWithInput(typed, "run " + app + " -- sh");
        assertEquals(7, shell.exit(), shell.all());
        assertTrue(shell.out().contains("shell-42"), "an interactive shell ran what was typed: " + shell.out());

        assertEquals("", box.oneOffs(app), "the one-off containers are removed");
        await(OperateAppsTest::attachThreads, n -> n == 0);
    }

    @Test
    void runIsKilledAndRemovedWhenTheClientDisconnects() throws Exception {
        String app = deployed("hangup", "hung up");
        Process ssh = box.sshHeldOpen("run " + app + " -- sleep 1000");
        try {
            await(() -> box.podman("ps", "--filter", "label=hiy.run=" + app, "--filter", "status=running",
                    "--format", "{{.Names}}").out().trim(), names -> !names.isEmpty());
        } finally {
            ssh.destroy();
        }
        ssh.waitFor();
        await(() -> box.oneOffs(app), String::isEmpty);
        await(OperateAppsTest::attachThreads, n -> n == 0);
        assertEquals("hung up\n", box.get(app, "/").body(), "the app itself was not touched");
    }

    @Test
    void reportShowsTheDiskAnAppUses() throws Exception {
        String app = deployed("report", "reported");
        String report = box.ssh("apps:report " + app).assertOk().out();
        assertTrue(report.contains("image   hiy/" + app + ":v1") && report.contains("repo    " + app + ".git")
                && report.contains("logs    1 build log(s)") && report.contains("total"), report);
    }

    @Test
    void logsShowRequestsWithConfigValuesRedacted() throws Exception {
        String app = deployed("logs", "logged");
        box.ssh("config:set " + app + " API_TOKEN=" + SECRET).assertOk();
        assertEquals(404, box.get(app, "/no-such-page").statusCode());

        String logs = await(() -> box.ssh("logs " + app).assertOk().out(), out -> out.contains("response:404"));
        assertTrue(logs.contains("booting with token [redacted]"), logs);
        assertFalse(logs.contains(SECRET), logs);

        String last = box.ssh("logs " + app + " -n 1").assertOk().out();
        assertEquals(1, last.lines().count(), last);
        TestBox.Result unknown = box.ssh("logs nosuchapp");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("no app named nosuchapp"), unknown.err());
    }

    @Test
    void logsFollowStreamsNewLinesAndStopsWhenTheClientGoes() throws Exception {
        String app = deployed("follow", "followed");
        await(OperateAppsTest::followerThreads, n -> n == 0);

        List<String> cmd = List.of("ssh", "-i", box.adminKey.toString(), "-o", "IdentitiesOnly=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "BatchMode=yes", "-p", String.valueOf(box.sshPort), "hiy@127.0.0.1", "logs " + app + " -f -n 0");
        // stdin at EOF, as in a script: following must not end when the client's input does
        Process ssh = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        StringBuffer seen = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(ssh.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) seen.append(line).append('\n');
            } catch (Exception ignored) {
                // the process was killed
            }
        });
        reader.start();
        try {
            await(() -> {
                box.get(app, "/followed-" + System.nanoTime());
                return seen.toString();
            }, out -> out.contains("response:404"));
            assertFalse(seen.toString().contains("booting with token"), "-n 0 shows no old lines: " + seen);
            assertEquals(1, followerThreads(), "one log stream is open while following");
            assertTrue(ssh.isAlive(), "follows until the client disconnects");
        } finally {
            ssh.destroy();
        }
        ssh.waitFor();
        await(OperateAppsTest::followerThreads, n -> n == 0);
        await(OperateAppsTest::logsCommandThreads, n -> n == 0);
        assertTrue(box.ssh("logs " + app).assertOk().out().contains("response:404"));
    }

    @Test
    void logsBuildShowsTheStoredBuildOutputOfARelease() throws Exception {
        String app = deployed("buildlog", "built");
        String latest = box.ssh("logs " + app + " --build").assertOk().out();
        assertTrue(latest.contains("-----> Building with dockerfile (Dockerfile found)") && latest.contains("STEP 1/"), latest);
        assertTrue(latest.contains("release v1"), latest);
        assertEquals(latest, box.ssh("logs " + app + " --build v1").assertOk().out());

        TestBox.Result missing = box.ssh("logs " + app + " --build v9");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("no release v9") && missing.err().contains("releases " + app), missing.err());
    }

    @Test
    void psShowsTheRunningContainer() throws Exception {
        String app = deployed("ps", "listed");
        String ps = box.ssh("ps " + app).assertOk().out();
        String container = box.container(app, "v1-web-1");
        String limit = PodmanMode.of(box).limitsEnforced() ? " MB of 512.0 MB" : " MB (no limit)";
        assertTrue(ps.lines().anyMatch(l -> l.startsWith("web.1 ") && l.contains(" v1 ") && l.contains("running")
                && l.contains(limit)
                && l.contains(container + " :")), ps);
        assertTrue(ps.contains("Scale: web=1"), ps);
    }

    @Test
    void stopTakesTheAppOfflineAndStartBringsItBack() throws Exception {
        String app = deployed("stopper", "back again");
        String stop = box.ssh("stop " + app).assertOk().out();
        assertTrue(stop.contains("-----> Stopping " + app + " (release v1)") && stop.contains("start " + app), stop);
        assertTrue(box.ssh("apps").out().lines().anyMatch(l -> l.startsWith(app + " ") && l.contains(" stopped ")));
        box.awaitContainers(app, "", DEADLINE);
        HttpResponse<String> stopped = box.get(app, "/");
        assertEquals(503, stopped.statusCode());
        assertTrue(stopped.body().contains("is not running a web process") && stopped.body().contains("start " + app), stopped.body());
        TestBox.Result logs = box.ssh("logs " + app);
        assertEquals(1, logs.exit());
        assertTrue(logs.err().contains("is stopped") && logs.err().contains("start " + app), logs.err());
        assertTrue(box.ssh("stop " + app).assertOk().out().contains("already stopped"));

        String start = box.ssh("start " + app).assertOk().out();
        assertTrue(start.contains("Starting release v1 web.1 … healthy in"), start);
        assertTrue(start.contains("Live in ") && start.contains(box.httpPort + ""), start);
        assertEquals("back again\n", box.get(app, "/").body());
        assertTrue(box.ssh("apps").out().lines().anyMatch(l -> l.startsWith(app + " ") && l.contains(" running ")));
    }

    @Test
    void restartSwapsTheContainerWithoutAFailedRequest() throws Exception {
        String app = deployed("restarter", "always up");
        String before = containers(app);

        AtomicBoolean restarting = new AtomicBoolean(true);
        AtomicInteger requests = new AtomicInteger();
        CompletableFuture<List<String>> failures = CompletableFuture.supplyAsync(() -> {
            List<String> failed = new ArrayList<>();
            while (requests.incrementAndGet() <= 5000 && restarting.get()) {
                try {
                    HttpResponse<String> r = box.get(app, "/");
                    if (r.statusCode() != 200) failed.add(r.statusCode() + " " + r.body());
                } catch (Exception e) {
                    // busybox httpd does not finish its requests on SIGTERM: only HIY's drain (the old slot shut to
                    // new connections until its requests are done) keeps this list empty.
                    failed.add(e.toString());
                }
            }
            return failed;
        });
        TestBox.Result restart;
        try {
            restart = box.ssh("restart " + app);
        } finally {
            restarting.set(false);
        }
        restart.assertOk();
        assertTrue(restart.out().contains("-----> Restarting " + app + " (release v1)"), restart.out());
        assertTrue(restart.out().contains("Live in "), restart.out());
        assertEquals(List.of(), failures.get());
        assertTrue(requests.get() > 10, "requests were made during the restart: " + requests.get());
        String after = containers(app);
        assertNotEquals(before, after);
        assertEquals(1, after.lines().count(), after);
        assertEquals("always up\n", box.get(app, "/").body());
    }

    @Test
    void releasesListsWhatChangedAndRollbackServesTheOlderOneWithoutABuild() throws Exception {
        String app = box.appName("rolling");
        Path src = box.project(app, verboseApp("one"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        box.commit(src, Map.of("index.html", "two\n"), "second");
        box.git(src, "push", box.remote(app), "main").assertOk();
        String sha1 = box.git(src, "rev-parse", "--short=7", "HEAD~1").out().trim();

        List<String> rows = box.ssh("releases " + app).assertOk().out().lines().toList();
        assertTrue(rows.get(0).startsWith("VERSION"), rows.toString());
        assertTrue(rows.get(1).startsWith("v2 ") && rows.get(1).contains(" deploy ")
                && rows.get(1).contains("live (current)") && rows.get(1).contains("alice"), rows.toString());
        assertTrue(rows.get(2).startsWith("v1 ") && rows.get(2).contains(sha1) && rows.get(2).contains(" retired")
                && rows.get(2).contains(" ago "), rows.toString());

        TestBox.Result rollback = box.ssh("rollback " + app).assertOk();
        assertTrue(rollback.out().contains("Rolling back " + app + " to v1 (" + sha1), rollback.out());
        assertFalse(rollback.all().contains("Building"), rollback.all());
        assertTrue(rollback.out().contains("(release v3, rollback of v1)"), rollback.out());
        assertEquals("one\n", box.get(app, "/").body());
        String v3 = box.ssh("releases " + app).assertOk().out().lines().skip(1).findFirst().orElseThrow();
        assertTrue(v3.startsWith("v3 ") && v3.contains("rollback v1") && v3.contains(sha1) && v3.contains("live (current)"), v3);

        assertRefused("rollback " + app + " v3", "already the current release");
        assertRefused("rollback " + app + " v99", "there is no release v99");
        assertRefused("rollback " + app + " latest", "not a release");

        box.commit(src, Map.of("Dockerfile", "FROM localhost/busybox:latest\nCMD exec sleep 1000\n"), "never listens");
        assertTrue(box.git(src, "push", box.remote(app), "main").assertDeployRejected("release v4 web.1 did not become healthy")
                .err().contains("Starting release v4 web.1 … failed"));
        assertRefused("rollback " + app + " v4", "v4 never went live (failed)");
        assertEquals("one\n", box.get(app, "/").body());
        assertTrue(box.ssh("rollback " + app + " v2").assertOk().out().contains("(release v5, rollback of v2)"));
        assertEquals("two\n", box.get(app, "/").body());
    }

    @Test
    void deployRebuildsMainAndReleasesIt() throws Exception {
        String app = deployed("redeploy", "same commit");
        TestBox.Result deploy = box.ssh("deploy " + app).assertOk();
        assertTrue(deploy.out().contains("-----> Deploying " + app + " at "), deploy.out());
        assertTrue(deploy.out().contains("-----> Building with dockerfile (Dockerfile found)") && deploy.out().contains("STEP 1/"), deploy.out());
        assertTrue(deploy.out().contains("Live in ") && deploy.out().contains("(release v2)"), deploy.out());
        assertEquals("same commit\n", box.get(app, "/").body());
        assertTrue(box.ssh("logs " + app + " --build v2").assertOk().out().contains("Built hiy/" + app + ":v2"));

        String empty = box.appName("empty");
        box.ssh("apps:create " + empty).assertOk();
        assertRefused("deploy " + empty, "nothing on main to deploy yet");
    }

    @Test
    void everyNewCommandIsListedAndExplainsItself() throws Exception {
        String help = box.ssh("help").assertOk().out();
        for (String command : List.of("logs", "ps", "releases", "deploy", "restart", "stop", "start", "rollback")) {
            assertTrue(help.contains("  " + command + " "), command + " in " + help);
            String usage = box.ssh(command + " --help").assertOk().out();
            assertTrue(usage.contains("Example: ") || usage.contains("Examples: "), usage);
            assertTrue(usage.contains("Exit status: 0"), usage);
        }
        assertRefused("restart nosuchapp", "no app named nosuchapp");
    }

    private void assertRefused(String commandLine, String message) throws Exception {
        TestBox.Result r = box.ssh(commandLine);
        assertEquals(1, r.exit(), commandLine + ": " + r.all());
        assertTrue(r.err().contains(message), commandLine + ": " + r.err());
    }

    private static String containers(String app) throws Exception {
        return box.podman("ps", "--filter", "label=hiy.app=" + app, "--format", "{{.Names}}").assertOk().out().trim();
    }

    /** docker-java runs each open engine stream (a followed log) on a thread of this name. */
    private static int followerThreads() throws Exception {
        return (int) hiyThreads().stream().filter(t -> t.startsWith("docker-java-stream-")).count();
    }

    /** docker-java's threads of open streams, and of input copied to a container (a one-off's attach). */
    private static int attachThreads() throws Exception {
        return (int) hiyThreads().stream()
                .filter(t -> t.startsWith("docker-java-stream-") || t.lines().findFirst().orElse("").contains("hijacking-stream"))
                .count();
    }

    private static int logsCommandThreads() throws Exception {
        return (int) hiyThreads().stream().filter(t -> t.contains("hiy.commands.LogsCommand")).count();
    }

    /**
     * HIY's threads, each its name and then its stack frames, one per line: this JVM's, or (as HIY_E2E_USER, where HIY
     * runs in a JVM of its own) that JVM's, from `jcmd PID Thread.print` run as its user.
     */
    private static List<String> hiyThreads() throws Exception {
        if (TestBox.AS_USER.isEmpty()) {
            return Thread.getAllStackTraces().entrySet().stream().map(e -> e.getKey().getName() + "\n" + Arrays
                    .stream(e.getValue()).map(f -> f.getClassName() + "." + f.getMethodName()).collect(Collectors.joining("\n")))
                    .toList();
        }
        List<String> cmd = new ArrayList<>(TestPodman.asUser());
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(box.process().pid()), "Thread.print"));
        String dump = TestBox.run(Path.of("/"), cmd, Map.of()).assertOk().out();
        return Arrays.stream(dump.split("\n\n")).filter(t -> t.startsWith("\"")).map(t -> t.substring(1)).toList();
    }

    private static <T> T await(Callable<T> probe, java.util.function.Predicate<T> done) throws Exception {
        return Await.until("the expected state", DEADLINE, probe::call, done);
    }
}
