package hiy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** git push and clone over HTTP with the real git client, straight to HIY's API port and through Caddy. */
@Tag("e2e")
class GitOverHttpTest {
    static TestBox box;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "20", "HIY_STOP_GRACE", "2"));
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    private static String token(Path key, String args) throws Exception {
        return box.sshAs(key, "tokens:create " + args).assertOk().out().strip();
    }

    /** git with no credential helper and no prompt: what the URL carries is all it has. */
    private static TestBox.Result git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "credential.helper=", "-c", "protocol.version=2"));
        cmd.addAll(List.of(args));
        return TestBox.run(dir, cmd, Map.of("GIT_TERMINAL_PROMPT", "0"));
    }

    private static String direct(String user, String token, String app) {
        return "http://" + user + ":" + token + "@127.0.0.1:" + box.apiPort + "/git/" + app + ".git";
    }

    @Test
    void anAdminsPushOverHttpCreatesTheAppAndDeploysItWithProgressAndAClonePassesThroughCaddy() throws Exception {
        String app = box.appName("httpgit");
        String token = token(box.adminKey, "push-" + app);
        Path src = box.project(app, webApp("pushed over http"));
        TestBox.Result push = git(src, "push", direct("alice", token, app), "main");
        push.assertOk();
        assertTrue(push.err().contains("remote: ") && push.err().contains("Received " + app), push.err());
        box.awaitPage(app, r -> r.statusCode() == 200 && r.body().contains("pushed over http"), TestBox.DEPLOY_DEADLINE);
        assertEquals(box.sha(src, "HEAD"), box.remoteSha(app, "main"), "the same repository as over SSH");

        Path clone = box.root.resolve("clone-" + app);
        git(box.root, "clone", "-q", "http://alice:" + token + "@hiy.localhost:" + box.httpPort + "/git/" + app + ".git",
                clone.toString()).assertOk();
        assertTrue(Files.readString(clone.resolve("index.html")).contains("pushed over http"));

        String audit = box.ssh("audit " + app).assertOk().out();
        assertTrue(audit.lines().anyMatch(l -> l.contains("via token push-" + app) && l.contains("push main")
                && l.contains("deployed")), audit);
    }

    @Test
    void tokensAndUsersGetOverHttpExactlyWhatTheyMay() throws Exception {
        String app = box.appName("httprights");
        Path src = box.project(app, webApp("rights"));
        box.git(src, "push", box.remote(app), "main:side").assertOk();
        String before = box.remoteSha(app, "side");
        box.commit(src, Map.of("more.txt", "more"), "more");

        String reader = token(box.adminKey, "reader-" + app + " --read-only");
        git(box.root, "clone", "-q", direct("alice", reader, app), box.root.resolve("r-" + app).toString()).assertOk();
        TestBox.Result readOnly = git(src, "push", direct("alice", reader, app), "HEAD:side");
        assertNotEquals(0, readOnly.exit(), readOnly.err());
        assertTrue(readOnly.err().contains("403"), readOnly.err());

        String bob = "bob-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        Path bobKey = box.newKey(bob);
        box.sshAsWithInput(box.adminKey, Path.of(bobKey + ".pub"), "keys:add " + bob).assertOk();
        String bobs = token(bobKey, "laptop");
        TestBox.Result hidden = git(box.root, "clone", "-q", direct(bob, bobs, app), box.root.resolve("b-" + app).toString());
        assertNotEquals(0, hidden.exit());
        assertTrue(hidden.err().contains("no app named " + app), hidden.err());
        TestBox.Result create = git(src, "push", direct(bob, bobs, box.appName("bobsnew")), "HEAD:main");
        assertNotEquals(0, create.exit(), "only admins create apps by pushing: " + create.err());

        TestBox.Result wrongUser = git(src, "push", direct(bob, reader, app), "HEAD:side");
        assertNotEquals(0, wrongUser.exit());
        TestBox.Result noToken = git(src, "push", "http://127.0.0.1:" + box.apiPort + "/git/" + app + ".git", "HEAD:side");
        assertNotEquals(0, noToken.exit());
        box.sshAs(bobKey, "tokens:revoke laptop").assertOk();
        box.ssh("access:grant " + app + " " + bob).assertOk();
        TestBox.Result revoked = git(src, "push", direct(bob, bobs, app), "HEAD:side");
        assertNotEquals(0, revoked.exit());
        assertEquals(before, box.remoteSha(app, "side"), "no refused push moved a branch");

        String bobsNew = token(bobKey, "laptop2");
        git(src, "push", direct(bob, bobsNew, app), "HEAD:side").assertOk();
        assertEquals(box.sha(src, "HEAD"), box.remoteSha(app, "side"), "a granted user pushes over HTTP");
    }
}
