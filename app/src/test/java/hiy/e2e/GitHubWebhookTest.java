package hiy.e2e;

import hiy.store.Builds;
import hiy.store.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A GitHub push webhook, with a local bare repository standing in for GitHub (file://, as an admin may link) and
 * deliveries of GitHub's push payload, signed right, wrong or not at all, straight to HIY's API port and through Caddy.
 */
@Tag("e2e")
class GitHubWebhookTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static TestBox box;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "20", "HIY_STOP_GRACE", "2"));
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    /** GitHub's push payload, the fields HIY reads and some it does not. */
    private static String push(String ref, String before, String after, String message) {
        return "{\"ref\":\"" + ref + "\",\"before\":\"" + before + "\",\"after\":\"" + after + "\",\"created\":false,"
                + "\"deleted\":false,\"forced\":false,\"repository\":{\"id\":1,\"full_name\":\"me/site\"},"
                + "\"pusher\":{\"name\":\"me\",\"email\":\"me@example.com\"},"
                + "\"head_commit\":{\"id\":\"" + after + "\",\"message\":\"" + message + "\"},"
                + "\"commits\":[{\"id\":\"" + after + "\",\"message\":\"" + message + "\"}]}";
    }

    private static String sign(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> deliver(int port, String host, String app, String event, String delivery,
                                                String signature, String body) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/github/" + app))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("X-GitHub-Event", event).header("X-GitHub-Delivery", delivery)
                .header("User-Agent", "GitHub-Hookshot/test")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (host != null) req.header("Host", host);
        if (signature != null) req.header("X-Hub-Signature-256", signature);
        return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> deliver(String app, String event, String delivery, String signature, String body)
            throws Exception {
        return deliver(box.apiPort, null, app, event, delivery, signature, body);
    }

    private static List<Builds.Build> builds(String app) {
        return new Builds(Database.open(box.dataDir.resolve("hiy.db"))).of(app);
    }

    /** What HIY wrote in audit for the app, once it holds the text. */
    private static String auditSays(String app, String text) throws Exception {
        return Await.until("audit of " + app + " says \"" + text + "\"", Duration.ofSeconds(60),
                () -> box.ssh("audit " + app).assertOk().out(), out -> out.contains(text));
    }

    @Test
    void aPrivateRepositoryIsFetchedOverSshWithTheDeployKeyAndAnotherKeyIsRefused() throws Exception {
        String app = box.appName("private");
        box.ssh("apps:create " + app).assertOk();
        Path github = box.root.resolve("private-" + app + ".git");
        TestBox.run(box.root, List.of("git", "init", "-q", "--bare", "-b", "main", github.toString()), Map.of()).assertOk();
        Path src = box.project(app, webApp("private one"));
        TestBox.run(src, List.of("git", "push", "-q", github.toUri().toString(), "main"), Map.of()).assertOk();
        String first = box.sha(src, "HEAD");

        Path sshdDir = box.root.resolve("sshd-" + app);
        try (LocalSshd sshd = LocalSshd.start(sshdDir, "")) {
            String url = "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + sshd.port + github;
            TestBox.Result set = box.ssh("webhooks:set " + app + " " + url + " --branch main").assertOk();
            String deployKey = set.out().lines().filter(l -> l.startsWith("Deploy key:")).findFirst().orElseThrow()
                    .substring("Deploy key:".length()).strip();
            assertTrue(deployKey.startsWith("ssh-ed25519 ") && deployKey.endsWith(" hiy-" + app), deployKey);
            assertTrue(box.ssh("webhooks " + app).assertOk().out().contains(deployKey), "webhooks shows the public key");
            String secret = set.out().lines().filter(l -> l.startsWith("Secret:")).findFirst().orElseThrow()
                    .substring("Secret:".length()).strip();

            String body = push("refs/heads/main", "0".repeat(40), first, "first");
            HttpResponse<String> refused = deliver(app, "push", UUID.randomUUID().toString(), sign(secret, body), body);
            assertEquals(202, refused.statusCode(), refused.body());
            auditSays(app, "refused HIY's deploy key");
            assertEquals(0, builds(app).size(), "nothing was built from a repository that refused the key");

            java.nio.file.Files.writeString(sshd.authorizedKeys, deployKey + "\n");
            HttpResponse<String> accepted = deliver(app, "push", UUID.randomUUID().toString(), sign(secret, body), body);
            assertEquals(202, accepted.statusCode(), accepted.body());
            box.awaitPage(app, r -> r.statusCode() == 200 && r.body().contains("private one"), TestBox.DEPLOY_DEADLINE);
            assertEquals(first, builds(app).get(0).sha());
        }
    }

    @Test
    void aSignedPushDeploysOnceAndNothingElseQueuesABuild() throws Exception {
        String app = box.appName("hook");
        box.ssh("apps:create " + app).assertOk();
        Path github = box.root.resolve("github-" + app + ".git");
        TestBox.run(box.root, List.of("git", "init", "-q", "--bare", "-b", "main", github.toString()), Map.of()).assertOk();
        Path src = box.project(app, webApp("from github"));
        TestBox.run(src, List.of("git", "push", "-q", github.toUri().toString(), "main"), Map.of()).assertOk();
        String first = box.sha(src, "HEAD");

        TestBox.Result set = box.ssh("webhooks:set " + app + " " + github.toUri() + " --branch main").assertOk();
        assertTrue(set.out().contains("Payload URL:  http://hiy.localhost:" + box.httpPort + "/hooks/github/" + app), set.out());
        String secret = set.out().lines().filter(l -> l.startsWith("Secret:")).findFirst().orElseThrow()
                .substring("Secret:".length()).strip();
        assertTrue(box.ssh("webhooks " + app).assertOk().out().contains(github.toUri().toString()));

        String body = push("refs/heads/main", "0".repeat(40), first, "first");
        for (String bad : new String[] {null, sign("not the secret", body), "sha256=" + "0".repeat(64), sign(secret, body + " ")}) {
            HttpResponse<String> r = deliver(app, "push", UUID.randomUUID().toString(), bad, body);
            assertEquals(401, r.statusCode(), r.body());
            assertTrue(r.body().contains("X-Hub-Signature-256"), r.body());
        }
        HttpResponse<String> ping = deliver(app, "ping", UUID.randomUUID().toString(), sign(secret, "{\"zen\":\"hi\"}"), "{\"zen\":\"hi\"}");
        assertEquals(200, ping.statusCode(), ping.body());
        String other = push("refs/heads/feature", "0".repeat(40), first, "first");
        HttpResponse<String> otherBranch = deliver(app, "push", UUID.randomUUID().toString(), sign(secret, other), other);
        assertEquals(200, otherBranch.statusCode());
        assertTrue(otherBranch.body().contains("deploys pushes to main"), otherBranch.body());
        assertEquals(0, builds(app).size(), "no refused or ignored delivery queued a build");

        String delivery = UUID.randomUUID().toString();
        long start = System.nanoTime();
        HttpResponse<String> accepted = deliver(app, "push", delivery, sign(secret, body), body);
        long acceptMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertTrue(acceptMillis < 2_000, "answered in " + acceptMillis + " ms");
        box.awaitPage(app, r -> r.statusCode() == 200 && r.body().contains("from github"), TestBox.DEPLOY_DEADLINE);
        long liveMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        System.out.println("webhook accepted in " + acceptMillis + " ms, live in " + liveMillis + " ms");
        List<Builds.Build> built = builds(app);
        assertEquals(1, built.size(), built.toString());
        assertEquals("webhook", built.get(0).trigger());
        assertEquals(first, built.get(0).sha());
        assertEquals(first, box.remoteSha(app, "main"), "main moved once the build went live, as after a push");

        HttpResponse<String> replay = deliver(app, "push", delivery, sign(secret, body), body);
        assertEquals(200, replay.statusCode());
        assertTrue(replay.body().contains("taken before"), replay.body());

        box.commit(src, webApp("second"), "second [skip deploy]");
        TestBox.run(src, List.of("git", "push", "-q", github.toUri().toString(), "main"), Map.of()).assertOk();
        String skipped = push("refs/heads/main", first, box.sha(src, "HEAD"), "second [skip deploy]");
        HttpResponse<String> skip = deliver(app, "push", UUID.randomUUID().toString(), sign(secret, skipped), skipped);
        assertEquals(200, skip.statusCode());
        assertTrue(skip.body().contains("skip deploy"), skip.body());
        assertEquals(1, builds(app).size(), "replays and skips built nothing");

        box.commit(src, webApp("third"), "third");
        TestBox.run(src, List.of("git", "push", "-q", github.toUri().toString(), "main"), Map.of()).assertOk();
        String third = push("refs/heads/main", first, box.sha(src, "HEAD"), "third");
        long again = System.nanoTime();
        HttpResponse<String> viaCaddy = deliver(box.httpPort, "hiy.localhost", app, "push", UUID.randomUUID().toString(),
                sign(secret, third), third);
        long againAccept = Duration.ofNanos(System.nanoTime() - again).toMillis();
        assertEquals(202, viaCaddy.statusCode(), viaCaddy.body());
        box.awaitPage(app, r -> r.body().contains("third"), TestBox.DEPLOY_DEADLINE);
        System.out.println("through Caddy, base image cached: webhook accepted in " + againAccept + " ms, live in "
                + Duration.ofNanos(System.nanoTime() - again).toMillis() + " ms");

        String audit = box.ssh("audit " + app).assertOk().out();
        assertTrue(audit.lines().anyMatch(l -> l.contains("via webhook") && l.contains("delivery " + delivery)), audit);
        assertTrue(!audit.contains(secret), "no secret in the audit log");

        box.ssh("webhooks:unset " + app).assertOk();
        HttpResponse<String> unset = deliver(app, "push", UUID.randomUUID().toString(), sign(secret, third), third);
        assertEquals(401, unset.statusCode(), unset.body());
    }

    @Test
    void aUserWhoIsNotAnAdminMayLinkOnlyHttpsAndSshRepositories() throws Exception {
        String app = box.appName("hookuser");
        box.ssh("apps:create " + app).assertOk();
        String bob = "bob-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        Path bobKey = box.newKey(bob);
        box.sshAsWithInput(box.adminKey, Path.of(bobKey + ".pub"), "keys:add " + bob).assertOk();
        box.ssh("access:grant " + app + " " + bob).assertOk();
        String otherRepo = box.dataDir.resolve("repos").resolve(app + ".git").toUri().toString();
        for (String url : List.of(otherRepo, "http://127.0.0.1:" + box.adminPort + "/config/", "https://user:pw@github.com/x/y.git",
                "ext::sh -c touch% /tmp/pwned", "x@-oProxyCommand=touch:y")) {
            TestBox.Result r = box.sshAs(bobKey, "webhooks:set " + app + " '" + url + "'");
            assertEquals(1, r.exit(), url + ": " + r.all());
            assertTrue(r.err().contains("cannot be linked") || r.err().contains("is not a URL"), r.err());
        }
        assertTrue(box.sshAs(bobKey, "webhooks " + app).assertOk().out().contains("has no webhook"));
        TestBox.Result badBranch = box.sshAs(bobKey, "webhooks:set " + app + " https://github.com/x/y.git --branch ../x");
        assertEquals(1, badBranch.exit());
        box.sshAs(bobKey, "webhooks:set " + app + " https://github.com/x/y.git").assertOk();
        assertTrue(box.sshAs(bobKey, "webhooks:set " + app + " git@github.com:x/private.git").assertOk().out()
                .contains("Deploy key:   ssh-ed25519 "), "a private repository over SSH, with the deploy key");
    }
}
