package hiy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.Map;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user's first session: push, see the URL, open the page, push again, break things. */
// Also in the rootful pass (infra/test.sh): a failed build's layers are removed on either build path; rootless,
// root's podman ps shows none of HIY's containers
@Tag("e2e")
@Tag("both-modes")
class PushToDeployTest {
    static TestBox box;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "8", "HIY_STOP_GRACE", "5"));
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    private TestBox.Result push(Path dir, String app) throws Exception {
        return box.git(dir, "push", box.remote(app), "main");
    }

    @Test
    void firstPushCreatesTheAppAndPrintsItsUrl() throws Exception {
        String app = box.appName("blog");
        Path src = box.project(app, webApp("hello from v1"));
        TestBox.Result push = push(src, app).assertOk();
        String out = push.err();
        assertTrue(out.contains("remote: -----> Received " + app + " at "), out);
        assertTrue(out.contains("remote: -----> Building with dockerfile (Dockerfile found)"), out);
        assertTrue(out.contains("STEP 1/"), out);
        assertTrue(out.contains("remote: -----> Built hiy/" + app + ":v1-" + box.instance() + " in "), out);
        assertTrue(out.contains("remote: -----> Starting release v1 web.1 … healthy in "), out);
        assertTrue(out.contains("remote: -----> Routing " + app + ".localhost → release v1"), out);
        assertTrue(out.contains("Live in ") && out.contains("http://" + app + ".localhost:" + box.httpPort), out);

        assertTrue(out.contains("[new branch]") && out.contains("main -> main"), out);
        assertEquals(box.sha(src, "HEAD"), box.remoteSha(app, "main"), "main names the commit that went live");

        HttpResponse<String> page = box.get(app, "/");
        assertEquals(200, page.statusCode());
        assertEquals("hello from v1\n", page.body());
        assertTrue(box.ssh("apps").assertOk().out().contains(app), "apps lists the new app");
        assertContainersAreHiysUsers(app);
    }

    /** As HIY_E2E_USER, the app's container is that user's (rootless Podman): root's Podman does not see it. */
    private static void assertContainersAreHiysUsers(String app) throws Exception {
        if (TestBox.AS_USER.isEmpty()) return;
        String filter = "label=hiy.instance=" + box.instance();
        assertEquals(box.container(app, "v1-web-1"), box.podman("ps", "--filter", filter, "--format", "{{.Names}}")
                .assertOk().out().strip(), TestBox.AS_USER + "'s podman ps shows the app's container");
        assertEquals("", TestBox.run(Path.of("/"), List.of("podman", "ps", "-a", "--filter", filter, "--format",
                "{{.Names}}"), Map.of()).assertOk().out().strip(), "root's podman ps shows none of HIY's containers");
    }

    @Test
    void secondPushReplacesTheRunningRelease() throws Exception {
        String app = box.appName("swap");
        Path src = box.project(app, webApp("one"));
        push(src, app).assertOk();
        assertEquals("one\n", box.get(app, "/").body());

        box.commit(src, Map.of("index.html", "two\n"), "second");
        TestBox.Result second = push(src, app).assertOk();
        assertTrue(second.err().contains("release v2"), second.err());
        assertEquals("two\n", box.get(app, "/").body());
        box.awaitContainers(app, "hiy-" + app + "-v2-web-1", Duration.ofSeconds(30));
        assertEquals(2, box.imagesOf(app).size(), "the old image is kept for rollback");
    }

    @Test
    void brokenDockerfileFailsAndThePreviousReleaseKeepsServing() throws Exception {
        String app = box.appName("broken");
        Path src = box.project(app, webApp("still here"));
        push(src, app).assertOk();
        String live = box.sha(src, "HEAD");

        box.commit(src, Map.of("Dockerfile", "FROM localhost/busybox:latest\nRUN echo " + app + " > /half\nRUN false\n"),
                "break it");
        TestBox.Result push = push(src, app).assertDeployRejected("the Dockerfile failed at STEP 3/3: RUN false");
        String out = push.err();
        assertEquals(live, box.remoteSha(app, "main"), "main stays at the commit that serves");
        assertTrue(out.contains("RUN false"), out);
        assertTrue(out.contains(" !     "), "the failure is flagged: " + out);
        assertFalse(out.contains("Live in"), out);
        assertEquals("still here\n", box.get(app, "/").body());
        List<String> layers = Pattern.compile("remote: {8}--> ([0-9a-f]+)").matcher(out).results()
                .map(m -> m.group(1)).toList();
        // Both build paths (compat rootful, libpod rootless with layers=1) commit a layer per step; HIY removes them.
        assertEquals(1, layers.size(), "the failed build committed one layer: " + out);
        assertEquals(1, box.podman("image", "exists", layers.get(0)).exit(), "a failed build's layers are removed");

        box.commit(src, webApp("fixed"), "fix it");
        push(src, app).assertOk();
        assertEquals("fixed\n", box.get(app, "/").body());
        assertEquals(box.sha(src, "HEAD"), box.remoteSha(app, "main"), "the next push after the fix deploys as usual");
    }

    @Test
    void aFailedDeployRejectsMainButStoresTheOtherBranchesOfThePush() throws Exception {
        String app = box.appName("mixed");
        Path src = box.project(app, webApp("served"));
        push(src, app).assertOk();
        String live = box.sha(src, "HEAD");

        box.commit(src, Map.of("Dockerfile", "FROM localhost/busybox:latest\nRUN exit 7\n"), "broken");
        TestBox.Result push = box.git(src, "push", box.remote(app), "main", "HEAD:refs/heads/wip")
                .assertDeployRejected("the Dockerfile failed at STEP 2/2: RUN exit 7");
        assertTrue(push.err().contains("remote: -----> Stored wip at"), push.err());
        assertTrue(push.err().contains("[new branch]") && push.err().contains("HEAD -> wip"), push.err());
        assertEquals(box.sha(src, "HEAD"), box.remoteSha(app, "wip"));
        assertEquals(live, box.remoteSha(app, "main"));
        assertEquals("served\n", box.get(app, "/").body());
        String audit = box.ssh("audit " + app).assertOk().out();
        assertTrue(audit.contains("deploy failed") && audit.contains("push wip"), audit);
    }

    @Test
    void aForcePushOfAnOlderCommitDeploysThatCommit() throws Exception {
        String app = box.appName("back");
        Path src = box.project(app, webApp("old page"));
        push(src, app).assertOk();
        String older = box.sha(src, "HEAD");
        box.commit(src, Map.of("index.html", "new page\n"), "newer");
        push(src, app).assertOk();
        assertEquals("new page\n", box.get(app, "/").body());

        TestBox.Result back = box.git(src, "push", "--force", box.remote(app), older + ":refs/heads/main").assertOk();
        assertTrue(back.err().contains("(forced update)") && back.err().contains("release v3"), back.err());
        assertEquals("old page\n", box.get(app, "/").body());
        assertEquals(older, box.remoteSha(app, "main"));
    }

    @Test
    void theDeployBranchCannotBeDeleted() throws Exception {
        String app = box.appName("keepmain");
        Path src = box.project(app, webApp("kept"));
        push(src, app).assertOk();
        TestBox.Result delete = box.git(src, "push", box.remote(app), ":main");
        assertNotEquals(0, delete.exit());
        assertTrue(delete.err().contains("! [remote rejected] main (the deploy branch cannot be deleted")
                && delete.err().contains("apps:destroy " + app), delete.err());
        assertEquals(box.sha(src, "HEAD"), box.remoteSha(app, "main"));
        assertEquals("kept\n", box.get(app, "/").body());
    }

    @Test
    void releaseThatNeverGetsHealthyIsRolledBack() throws Exception {
        String app = box.appName("sick");
        Path src = box.project(app, webApp("healthy one"));
        push(src, app).assertOk();

        box.commit(src, Map.of("Dockerfile", "FROM localhost/busybox:latest\n"
                + "CMD echo booting on port $PORT; echo cannot find config >&2; exec sleep 1000\n"), "never listens");
        String out = push(src, app)
                .assertDeployRejected("release v2 web.1 did not become healthy; v1 keeps serving)").err();
        assertEquals(box.sha(src, "HEAD~1"), box.remoteSha(app, "main"), "main stays at the commit that serves");
        assertTrue(out.contains("Starting release v2 web.1 … failed"), out);
        assertTrue(out.contains("cannot find config"), "shows the last lines of its log: " + out);
        assertTrue(out.contains("v1 keeps serving"), out);
        assertEquals("healthy one\n", box.get(app, "/").body());
        box.awaitContainers(app, "hiy-" + app + "-v1-web-1", Duration.ofSeconds(30));
    }

    @Test
    void otherBranchesAreStoredButNotDeployed() throws Exception {
        String app = box.appName("branchy");
        Path src = box.project(app, webApp("main page"));
        push(src, app).assertOk();
        box.git(src, "checkout", "-q", "-b", "feature").assertOk();
        box.commit(src, Map.of("index.html", "feature page\n"), "feature");
        String out = box.git(src, "push", box.remote(app), "feature").assertOk().err();
        assertTrue(out.contains("Stored feature at") && out.contains("not deployed"), out);
        assertEquals("main page\n", box.get(app, "/").body());
        assertEquals(box.sha(src, "HEAD"), box.remoteSha(app, "feature"));
        assertEquals(box.sha(src, "HEAD~1"), box.remoteSha(app, "main"));
    }

    @Test
    void buildCarriesOnWhenThePusherDisconnects() throws Exception {
        String app = box.appName("gone");
        Map<String, String> files = new java.util.HashMap<>(webApp("built without anyone watching"));
        files.put("Dockerfile", "FROM localhost/busybox:latest\nRUN sleep 5\nCOPY index.html /www/index.html\n"
                + "CMD exec httpd -f -p \"$PORT\" -h /www\n");
        Path src = box.project(app, files);
        TestBox.BackgroundPush push = box.pushInBackground(box.adminKey, src, app);
        push.awaitOutput("Building with dockerfile", Duration.ofMinutes(2));
        push.process().descendants().forEach(ProcessHandle::destroyForcibly);
        push.process().destroyForcibly().waitFor();
        assertEquals("", box.remoteSha(app, "main"), "main does not move before the deploy is live");

        box.awaitPage(app, r -> r.statusCode() == 200 && r.body().equals("built without anyone watching\n"),
                Duration.ofMinutes(2));
        try (var logs = Files.list(box.dataDir.resolve("logs/builds"))) {
            Path log = logs.filter(p -> p.getFileName().toString().startsWith(app + "-")).findFirst().orElseThrow();
            Await.until("the build log says Live in", Duration.ofSeconds(60), () -> Files.readString(log).contains("Live in"));
            String text = Files.readString(log);
            assertTrue(text.contains("STEP 2/4: RUN sleep 5") && text.contains("Live in"), text);
        }
        assertEquals(box.sha(src, "HEAD"), box.remoteSha(app, "main"), "HIY moved main itself once it went live");
    }

    @Test
    void cloneReturnsWhatWasPushed() throws Exception {
        String app = box.appName("clone");
        Path src = box.project(app, webApp("cloned"));
        push(src, app).assertOk();
        Path copy = box.root.resolve("clone-" + app);
        box.git(box.root, "clone", "-q", box.remote(app), copy.toString()).assertOk();
        assertEquals("cloned\n", Files.readString(copy.resolve("index.html")));
        assertEquals(box.git(src, "rev-parse", "HEAD").out(), box.git(copy, "rev-parse", "HEAD").out());
    }

    @Test
    void unknownKeyIsRefused() throws Exception {
        Path stranger = box.newKey("stranger-" + System.nanoTime());
        String app = box.appName("nokey");
        Path src = box.project(app, webApp("x"));
        TestBox.Result push = box.gitAs(stranger, src, "push", box.remote(app), "main");
        assertNotEquals(0, push.exit());
        assertTrue(push.err().contains("Permission denied"), push.err());
        assertFalse(Files.exists(box.dataDir.resolve("repos/" + app + ".git")));
        assertNotEquals(0, box.sshAs(stranger, "apps").exit());
    }

    @Test
    void badAppNamesAreRefusedAndCreateNothing() throws Exception {
        Path src = box.project("badname", webApp("x"));
        for (String name : new String[] {"../x", "A", "a/b", "x.y"}) {
            TestBox.Result push = box.git(src, "push", "ssh://hiy@127.0.0.1:" + box.sshPort + "/" + name, "main");
            assertNotEquals(0, push.exit(), name);
            assertTrue(push.err().contains("not a valid app name") && push.err().contains("lowercase letter"),
                    name + ": " + push.err());
        }
        try (var repos = Files.list(box.dataDir.resolve("repos"))) {
            assertTrue(repos.noneMatch(p -> p.getFileName().toString().matches("(?i)(x|a|\\.\\.).*")),
                    "no repository was created");
        }
        assertFalse(box.ssh("apps").out().contains("x.y"));
    }

    @Test
    void commandLineIsNeverRunByAShell() throws Exception {
        Path marker = box.root.resolve("pwned-" + System.nanoTime());
        TestBox.Result r = box.ssh("touch " + marker);
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("unknown command \"touch\"; run: ssh hiy@HOST"), r.err());
        TestBox.Result v = box.ssh("version; touch " + marker);
        assertEquals(1, v.exit());
        TestBox.Result sub = box.ssh("version $(touch " + marker + ") `touch " + marker + "`");
        assertEquals(1, sub.exit(), sub.all());
        assertTrue(sub.err().contains("'$(touch'") && sub.err().contains("'`touch'"),
                "the words reach the command literally: " + sub.err());
        assertFalse(Files.exists(marker), "nothing ran the line through a shell");
    }

    @Test
    void noCommandPrintsTheHint() throws Exception {
        TestBox.Result r = box.ssh(null);
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("help"), r.err());
        TestBox.Result help = box.ssh("help").assertOk();
        assertTrue(help.out().contains("apps") && help.out().contains("version"), help.out());
    }

    @Test
    void unknownHostGetsA404ThatSaysSo() throws Exception {
        HttpResponse<String> r = box.get("nosuchapp" + System.nanoTime(), "/");
        assertEquals(404, r.statusCode());
        assertTrue(r.body().toLowerCase().contains("no app"), r.body());
    }

    @Test
    void pushWithoutDockerfileSaysWhatIsSupported() throws Exception {
        String app = box.appName("nodocker");
        Path src = box.project(app, Map.of("README.md", "nothing to build\n"));
        String out = push(src, app).assertDeployRejected(
                "no way to build this app: add a Dockerfile, a language's manifest (package.json, requirements.txt, go.mod,"
                        + " Gemfile, pom.xml …) or an index.html (static site))").err();
        assertTrue(out.contains("HIY looked for a Dockerfile; ") && out.contains("builder:set APP auto|dockerfile"), out);
        assertEquals("", box.remoteSha(app, "main"), "a first push that never went live leaves no main");
        HttpResponse<String> page = box.get(app, "/");
        assertEquals(503, page.statusCode(), "created but never deployed");
        assertTrue(page.body().contains("has not been deployed yet"), page.body());
    }
}
