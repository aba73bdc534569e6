package hiy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A static site pushed over real git and SSH is served by the real Caddy from its files, with no container: the
 * right types, gzip when asked, 404 for what is not there; pushes, rollbacks, config changes, restarts (also after
 * kill -9), pruning, renames and destroys follow its folder. And what an attacker with a key might commit (links to
 * host files, to another app, dotfiles, huge files) serves nothing outside the site.
 */
@Tag("e2e")
@Tag("both-modes")
class StaticSitesTest {
    static TestBox box;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Long enough for Caddy to compress it (it leaves bodies under 512 bytes alone). */
    private static final String FILLER = "<p>" + "static sites are served by Caddy itself. ".repeat(30) + "</p>\n";

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.startAsProcess(Map.of("HIY_KEEP_RELEASES", "2", "HIY_MAX_CONTEXT_MB", "2"));
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    private static TestBox.Result push(Path src, String app) throws Exception {
        return box.git(src, "push", box.remote(app), "main");
    }

    private static String page(String title) {
        return "<!doctype html><title>" + title + "</title><h1>" + title + "</h1>\n" + FILLER;
    }

    private static HttpResponse<byte[]> fetch(String app, String path, String acceptEncoding) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + box.httpPort + path))
                .header("Host", app + ".localhost").timeout(Duration.ofSeconds(5)).GET();
        if (acceptEncoding != null) req.header("Accept-Encoding", acceptEncoding);
        return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Path sites(String app) {
        return box.dataDir.resolve("sites").resolve(app);
    }

    private static List<Path> siteFolders(String app) throws Exception {
        if (!Files.isDirectory(sites(app))) return List.of();
        try (Stream<Path> all = Files.list(sites(app))) {
            return all.toList();
        }
    }

    private static void assertNoContainers(String app) throws Exception {
        assertEquals("", box.podman("ps", "-a", "--filter", "label=hiy.app=" + app, "--format", "{{.Names}}")
                .assertOk().out().trim(), "a static site runs no container");
    }

    @Test
    void aFolderChosenWithBuilderSetIsTheSiteAndAHostilePathIsRefusedChangingNothing() throws Exception {
        String app = box.appName("root");
        box.ssh("apps:create " + app).assertOk();
        for (String bad : List.of("../..", "/etc", "site/../../..")) {
            TestBox.Result refused = box.ssh("builder:set " + app + " static root=" + bad);
            assertEquals(1, refused.exit(), refused.all());
            assertTrue(refused.err().contains("is not a plain path inside the repository"), refused.err());
        }
        assertTrue(box.ssh("builder " + app).assertOk().out().contains("auto"), "still auto after the refusals");
        box.ssh("builder:set " + app + " static root=site/out").assertOk();
        Path src = box.project(app, Map.of("site/out/index.html", page("chosen"), "public/index.html", page("found"),
                "site/secret.txt", "above the folder\n", "site/out/404.html", "<p>not here</p>\n",
                "site/out/docs/index.html", "<p>docs</p>\n"));
        String out = push(src, app).assertOk().err();
        assertTrue(out.contains("Building with static (chosen with builder:set, site/out)"), out);
        assertTrue(out.contains("Serving site/out/ as it is"), out);
        assertNoContainers(app);
        assertEquals(page("chosen"), new String(fetch(app, "/", null).body(), StandardCharsets.UTF_8));
        assertEquals("<p>docs</p>\n", new String(fetch(app, "/docs/", null).body(), StandardCharsets.UTF_8));
        for (String missing : List.of("/../secret.txt", "/nothing", "/docs/nothing.html")) {
            HttpResponse<byte[]> notFound = fetch(app, missing, null);
            assertEquals(404, notFound.statusCode(), missing);
            assertEquals("<p>not here</p>\n", new String(notFound.body(), StandardCharsets.UTF_8), "the site's own 404.html");
        }

        Files.delete(src.resolve("site/out/index.html"));
        box.git(src, "add", "-A").assertOk();
        box.git(src, "commit", "-qm", "the chosen folder loses its index").assertOk();
        TestBox.Result gone = push(src, app);
        assertTrue(gone.exit() != 0 && gone.err().contains("the commit has no site/out/index.html"), gone.all());
        assertEquals(page("chosen"), new String(fetch(app, "/", null).body(), StandardCharsets.UTF_8), "the old site serves");
    }

    @Test
    void aSiteIsServedByCaddyWithoutAContainerAndEveryReleaseIsOneRouteChange() throws Exception {
        String app = box.appName("site");
        Path src = box.project(app, Map.of(
                "public/index.html", page("v1"),
                "public/css/site.css", "h1 { color: teal }\n",
                "public/docs/index.html", "<p>docs</p>\n",
                "Procfile", "web: never-run\n",
                "app.json", "{}\n",
                "README.md", "not served\n"));
        String out = push(src, app).assertOk().err();
        assertTrue(out.contains("remote: -----> Building with static (index.html found in public/; no Dockerfile)"), out);
        assertTrue(out.contains("no container"), out);
        assertTrue(out.contains("A static site runs no processes: the Procfile"), out);
        assertNoContainers(app);
        assertTrue(box.imagesOf(app).isEmpty(), "no image either: " + box.imagesOf(app));

        HttpResponse<byte[]> index = fetch(app, "/", null);
        assertEquals(200, index.statusCode());
        assertEquals(page("v1"), new String(index.body(), StandardCharsets.UTF_8));
        assertEquals("text/html; charset=utf-8", index.headers().firstValue("Content-Type").orElse(""));
        assertEquals("nosniff", index.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(fetch(app, "/css/site.css", null).headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
        assertEquals("<p>docs</p>\n", new String(fetch(app, "/docs/", null).body(), StandardCharsets.UTF_8));
        HttpResponse<byte[]> zipped = fetch(app, "/", "gzip");
        assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(""));
        assertEquals(page("v1"), new String(new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes(),
                StandardCharsets.UTF_8));
        assertEquals("zstd", fetch(app, "/", "zstd, gzip").headers().firstValue("Content-Encoding").orElse(""));
        for (String missing : List.of("/nothing.html", "/README.md", "/Procfile", "/app.json", "/public/index.html",
                "/.git/config", "/../README.md")) {
            assertEquals(404, fetch(app, missing, null).statusCode(), missing + " is outside the site's folder");
        }

        Path folder = siteFolders(app).get(0);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("index.html"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("css"))));

        assertTrue(box.ssh("ps " + app).assertOk().out().contains(app + " is static: release v1 is a static site"),
                box.ssh("ps " + app).out());
        assertTrue(box.ssh("apps").assertOk().out().lines().anyMatch(l -> l.startsWith(app + " ") && l.contains(" static ")),
                box.ssh("apps").out());
        TestBox.Result scale = box.ssh("ps:scale " + app + " web=2");
        assertEquals(1, scale.exit(), scale.all());
        assertTrue(scale.err().contains(app + " is a static site: Caddy serves its files and no process runs"), scale.err());
        TestBox.Result run = box.ssh("run " + app + " ls");
        assertEquals(1, run.exit(), run.all());
        assertTrue(run.err().contains("is a static site (release v1): it has no image to run"), run.err());

        String set = box.ssh("config:set " + app + " GREETING=hi").assertOk().all();
        assertTrue(set.contains("release v2"), set);
        assertTrue(box.ssh("restart " + app).assertOk().all().contains("there is no process to restart"));
        assertEquals(page("v1"), new String(fetch(app, "/", null).body(), StandardCharsets.UTF_8));

        box.commit(src, Map.of("public/index.html", page("v3")), "v3");
        push(src, app).assertOk();
        assertEquals(page("v3"), new String(fetch(app, "/", null).body(), StandardCharsets.UTF_8), "live as the push returns");
        assertNoContainers(app);
        assertEquals(2, siteFolders(app).size(), "v1's files (kept for rollback) and v3's: " + siteFolders(app));

        box.ssh("rollback " + app + " v1").assertOk();
        assertEquals(page("v1"), new String(fetch(app, "/", null).body(), StandardCharsets.UTF_8),
                "a rollback serves the old files as it returns");
        box.ssh("rollback " + app).assertOk();
        assertEquals(page("v3"), new String(fetch(app, "/", null).body(), StandardCharsets.UTF_8));

        box.commit(src, Map.of("public/index.html", page("v6")), "v6");
        push(src, app).assertOk();
        assertEquals(2, siteFolders(app).size(), "HIY_KEEP_RELEASES=2: the oldest site's folder is gone: " + siteFolders(app));
        TestBox.Result gone = box.ssh("rollback " + app + " v1");
        assertEquals(1, gone.exit(), gone.all());
        assertTrue(gone.err().contains("are no longer on this box"), gone.err());
        assertEquals(page("v6"), new String(fetch(app, "/", null).body(), StandardCharsets.UTF_8));

        // To containers and back: the container's route replaces the folder's, and its container goes again after.
        box.run(src, List.of("git", "rm", "-q", "Procfile"), Map.of()).assertOk();
        box.commit(src, TestBox.webApp("from a container"), "a Dockerfile");
        push(src, app).assertOk();
        assertEquals("from a container\n", box.get(app, "/").body());
        box.run(src, List.of("git", "rm", "-q", "Dockerfile", "index.html"), Map.of()).assertOk();
        box.commit(src, Map.of(), "static again");
        push(src, app).assertOk();
        assertEquals(page("v6"), new String(fetch(app, "/", null).body(), StandardCharsets.UTF_8));
        box.awaitContainers(app, "", Duration.ofSeconds(60));
    }

    @Test
    void linksInTheSiteAreNeverServedNorFollowed() throws Exception {
        String victim = box.appName("victim");
        push(box.project(victim, Map.of("index.html", page("victim"), "secret.html", "victim's page\n")), victim).assertOk();
        Path victimFolder = siteFolders(victim).get(0);

        String app = box.appName("links");
        Path src = box.project(app, Map.of("public/index.html", page("links"), "Procfile", "web: x\n"));
        Files.createSymbolicLink(src.resolve("public/passwd"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(src.resolve("public/data"), box.dataDir);
        Files.createSymbolicLink(src.resolve("public/other"), victimFolder);
        Files.createSymbolicLink(src.resolve("public/procfile.txt"), Path.of("../Procfile"));
        box.commit(src, Map.of(), "links");
        String out = push(src, app).assertOk().err();
        assertTrue(out.contains("Not served: public/data (symbolic link), public/other (symbolic link), public/passwd"
                + " (symbolic link), public/procfile.txt (symbolic link)"), out);
        for (String path : List.of("/passwd", "/data/hiy.db", "/data/age-identity.txt", "/other/secret.html",
                "/other/", "/procfile.txt")) {
            assertEquals(404, fetch(app, path, null).statusCode(), path);
        }
        try (Stream<Path> written = Files.walk(siteFolders(app).get(0))) {
            assertTrue(written.noneMatch(p -> Files.isSymbolicLink(p)), "no link is written");
        }
        // Through the app's host no other app's folder is reached, however the path is spelt.
        String folderId = victimFolder.getFileName().toString();
        for (String path : List.of("/../" + victim + "/" + folderId + "/secret.html",
                "/..%2f" + victim + "%2f" + folderId + "%2fsecret.html", "/%2e%2e/%2e%2e/" + victim + "/" + folderId + "/secret.html")) {
            TestBox.Result raw = TestBox.run(box.root, List.of("curl", "-s", "--path-as-is", "-o", "/dev/null", "-w",
                    "%{http_code}", "-H", "Host: " + app + ".localhost", "http://127.0.0.1:" + box.httpPort + path), Map.of());
            assertEquals("404", raw.out(), path);
        }

        // A link that climbs out of the repository is refused outright, and v1 keeps serving.
        Files.createSymbolicLink(src.resolve("public/up"), Path.of("../../../etc"));
        box.commit(src, Map.of(), "climbs out");
        push(src, app).assertDeployRejected("the symbolic link public/up -> ../../../etc points outside the repository");
        assertEquals(page("links"), new String(fetch(app, "/", null).body(), StandardCharsets.UTF_8));
    }

    @Test
    void dotfilesAtTheTopAreNotServedButWellKnownIs() throws Exception {
        String app = box.appName("dots");
        Path src = box.project(app, Map.of("index.html", page("dots"), ".env", "SECRET=1\n",
                ".hidden/key.pem", "key\n", "assets/.htpasswd", "x\n", ".well-known/security.txt", "Contact: me\n"));
        String out = push(src, app).assertOk().err();
        assertTrue(out.contains("Not served (names starting with a dot, except .well-known/): .env, .hidden/key.pem,"
                + " assets/.htpasswd"), out);
        for (String path : List.of("/.env", "/.hidden/key.pem", "/assets/.htpasswd", "/.hiy.Dockerfile")) {
            assertEquals(404, fetch(app, path, null).statusCode(), path);
        }
        assertEquals("Contact: me\n", new String(fetch(app, "/.well-known/security.txt", null).body(), StandardCharsets.UTF_8));
    }

    @Test
    void aSiteLargerThanTheLimitIsRefusedWithTheLimit() throws Exception {
        String app = box.appName("huge");
        Path src = box.project(app, Map.of("index.html", page("small")));
        push(src, app).assertOk();
        Files.write(src.resolve("video.bin"), new byte[3 * 1024 * 1024]);
        box.commit(src, Map.of(), "a big file");
        push(src, app).assertDeployRejected("the commit's files come to 3.0 MB, more than the build context limit of 2 MB"
                + " (HIY_MAX_CONTEXT_MB)");
        assertEquals(page("small"), new String(fetch(app, "/", null).body(), StandardCharsets.UTF_8));
    }

    @Test
    void theSiteFollowsItsAppThroughRestartsKillsDomainsRenamesAndDestroy() throws Exception {
        String app = box.appName("follow");
        Path src = box.project(app, Map.of("dist/index.html", page("follow")));
        push(src, app).assertOk();
        String domain = "www." + app + ".test";
        box.ssh("domains:add " + app + " " + domain).assertOk();
        assertEquals(page("follow"), box.getHost(domain, "/").body());

        box.process().destroy();
        assertTrue(box.process().waitFor(60, TimeUnit.SECONDS), "HIY stops on SIGTERM");
        box.startProcess();
        assertEquals(page("follow"), box.get(app, "/").body(), "served after a restart of HIY");

        box.killProcess();
        assertEquals(page("follow"), box.get(app, "/").body(), "Caddy serves the files while HIY is down");
        box.startProcess();
        assertEquals(page("follow"), box.get(app, "/").body(), "and after HIY's start following a kill -9");
        assertNoContainers(app);

        // A data dir restored onto a new box has no site folders (a backup holds none): HIY builds the commit again.
        box.killProcess();
        try (Stream<Path> folder = Files.walk(sites(app))) {
            folder.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        box.startProcess();
        box.awaitPage(app, r -> r.body().equals(page("follow")), Duration.ofSeconds(60));
        assertTrue(box.ssh("releases " + app).assertOk().out().contains("v2"), "a new release of the same commit");
        assertNoContainers(app);

        box.ssh("stop " + app).assertOk();
        assertEquals(503, box.get(app, "/").statusCode());
        box.ssh("start " + app).assertOk();
        assertEquals(page("follow"), box.get(app, "/").body());

        String renamed = box.appName("renamed");
        box.ssh("apps:rename " + app + " " + renamed).assertOk();
        assertEquals(page("follow"), box.get(renamed, "/").body());
        assertEquals(404, box.get(app, "/").statusCode());
        assertFalse(Files.exists(sites(app), LinkOption.NOFOLLOW_LINKS), "the folder moved with the app");
        assertEquals(1, siteFolders(renamed).size());

        box.ssh("apps:destroy " + renamed + " --confirm " + renamed).assertOk();
        assertEquals(404, box.get(renamed, "/").statusCode());
        assertFalse(Files.exists(sites(renamed), LinkOption.NOFOLLOW_LINKS), "apps:destroy removes the site's folder");
    }
}
