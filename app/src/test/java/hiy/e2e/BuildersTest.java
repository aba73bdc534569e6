package hiy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Heroku users push without a Dockerfile, pushed over real git and SSH to a real HIY: a Node app, a prebuilt
 * image, a Dockerfile in a subfolder (static sites: {@link StaticSitesTest}); each push says which builder it used and why, and
 * builder / builder:set show and change the choice. Hostile manifests and paths change nothing.
 */
@Tag("e2e")
class BuildersTest {
    static TestBox box;
    static NodeBaseImage node;

    /** A Node web server with no dependencies at all, so npm needs no registry. */
    private static final String SERVER = """
            const http = require('http');
            const fs = require('fs');
            const page = fs.existsSync('built.txt') ? fs.readFileSync('built.txt', 'utf8') : '';
            http.createServer((req, res) => res.end(process.env.GREETING + ' from node ' + process.version + ' ' + page))
                .listen(process.env.PORT);
            """;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "30", "HIY_STOP_GRACE", "5"));
        node = NodeBaseImage.ensure(box);
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
        if (node != null) node.close();
    }

    private static TestBox.Result push(Path src, String app) throws Exception {
        return box.git(src, "push", box.remote(app), "main");
    }

    @Test
    void aNodeAppWithAProcfileAndNoDockerfileIsBuiltAndServed() throws Exception {
        String app = box.appName("node");
        Path src = box.project(app, Map.of(
                "package.json", "{\"name\":\"plain\",\"version\":\"1.0.0\"}\n",
                "server.js", SERVER.replace("process.env.GREETING", "'procfile'"),
                "Procfile", "web: node server.js\n"));
        String out = push(src, app).assertOk().err();
        assertTrue(out.contains("remote: -----> Building with node (package.json found; no Dockerfile)"), out);
        assertTrue(out.contains("RUN npm install --omit=dev"), "no lockfile: npm install: " + out);
        assertFalse(out.contains("engines.node"), "no engines, no warning: " + out);
        assertTrue(box.get(app, "/").body().startsWith("procfile from node v"), box.get(app, "/").body());

        String shown = box.ssh("builder " + app).assertOk().out();
        assertTrue(shown.contains("builder   auto (default: HIY picks from the pushed files)"), shown);
        assertTrue(shown.contains("builds    with node (package.json found; no Dockerfile) at the newest main"), shown);

        String written = box.ssh("builder:dockerfile " + app).assertOk().out();
        assertTrue(written.startsWith("# HIY builds this commit with node (package.json found; no Dockerfile)\n"), written);
        assertTrue(written.contains("FROM " + NodeBaseImage.DEFAULT + "\n") && written.contains("RUN npm install --omit=dev\n"), written);
    }

    /** In both modes: rootless and rootful builds take different Podman build paths, and each must reuse layers. */
    @Test
    @Tag("both-modes")
    void aLockfileMeansNpmCiTheBuildScriptRunsAndACodeChangeReusesTheDependencyLayer() throws Exception {
        String app = box.appName("nodeci");
        Path src = box.project(app, Map.of(
                "package.json", """
                        {"name":"ci","version":"1.0.0","engines":{"node":"18.x"},
                         "scripts":{"build":"node -e \\"require('fs').writeFileSync('built.txt','built')\\"",
                                    "start":"node server.js"}}
                        """,
                "package-lock.json", """
                        {"name":"ci","version":"1.0.0","lockfileVersion":3,"requires":true,
                         "packages":{"":{"name":"ci","version":"1.0.0","engines":{"node":"18.x"}}}}
                        """,
                "server.js", SERVER.replace("process.env.GREETING", "'v1'")));
        String first = push(src, app).assertOk().err();
        assertTrue(first.contains("remote:        ! package.json asks for node 18.x; building with "
                + NodeBaseImage.DEFAULT), first);
        assertTrue(first.contains("RUN npm ci --include=dev") && first.contains("RUN npm run build && npm prune --omit=dev"), first);
        assertTrue(box.get(app, "/").body().matches("v1 from node v[0-9.]+ built"), box.get(app, "/").body());

        box.commit(src, Map.of("server.js", SERVER.replace("process.env.GREETING", "'v2'")), "code only");
        String second = push(src, app).assertOk().err();
        String afterInstall = second.substring(second.indexOf("RUN npm ci --include=dev"));
        assertTrue(afterInstall.lines().skip(1).findFirst().orElse("").contains("Using cache"),
                "the dependency layer is reused: " + second);
        assertFalse(second.substring(second.indexOf("COPY . .")).lines().skip(1).findFirst().orElse("").contains("Using cache"),
                "the code layer is not: " + second);
        assertTrue(box.get(app, "/").body().startsWith("v2 from node"), box.get(app, "/").body());
    }

    @Test
    void hostilePackageJsonFieldsAddNothingToTheBuild() throws Exception {
        String app = box.appName("nodeevil");
        String evil = "x\\nRUN --mount=type=bind,source=/,target=/h cat /h/etc/shadow\\n\\\"]";
        Path src = box.project(app, Map.of(
                "package.json", "{\"name\":\"" + evil + "\",\"scripts\":{\"start\":\"node server.js\",\"" + evil
                        + "\":\"" + evil + "\"},\"engines\":{\"node\":\"" + evil + "\"},\"main\":\"" + evil + "\"}\n",
                "server.js", SERVER.replace("process.env.GREETING", "'safe'")));
        String out = push(src, app).assertOk().err();
        // npm may print the user's own strings back (its EBADENGINE warning does); the Dockerfile has none of them.
        assertTrue(out.contains("STEP 7/7: CMD [\"npm\", \"start\"]"), out);
        assertTrue(out.lines().filter(l -> l.contains("STEP ")).noneMatch(l -> l.contains("shadow") || l.contains("--mount")), out);
        assertTrue(out.contains("! package.json engines.node is not a version range HIY can read"), out);
        assertTrue(box.get(app, "/").body().startsWith("safe from node"), box.get(app, "/").body());
    }

    @Test
    void aFileWhereHiyPutsItsDockerfileIsRefused() throws Exception {
        String app = box.appName("nodeclash");
        Path src = box.project(app, Map.of("package.json", "{\"scripts\":{\"start\":\"node server.js\"}}\n",
                "server.js", SERVER, ".hiy.Dockerfile", "FROM localhost/busybox:latest\n"));
        push(src, app).assertDeployRejected("the commit has a file named .hiy.Dockerfile, where HIY puts the Dockerfile"
                + " it writes: rename or remove that file and push again");
        assertEquals("", box.remoteSha(app, "main"));
    }

    @Test
    void anotherAppsImageCannotBeBuiltFromNorReleased() throws Exception {
        String victim = box.appName("victim");
        push(box.project(victim, TestBox.webApp("victim's code")), victim).assertOk();
        String image = "hiy/" + victim + ":v1-" + box.instance();

        String thief = box.appName("thief");
        Path src = box.project(thief, Map.of("Dockerfile", "FROM " + image + "\nCMD exec httpd -f -p \"$PORT\" -h /www\n"));
        push(src, thief).assertDeployRejected("Dockerfile line 1: FROM " + image + " is not allowed");
        box.commit(src, Map.of("Dockerfile", "FROM localhost/busybox:latest\nCOPY --from=" + image + " /www /www\n"
                + "CMD exec httpd -f -p \"$PORT\" -h /www\n"), "copy from it");
        push(src, thief).assertDeployRejected("Dockerfile line 2: COPY --from " + image + " is not allowed");

        TestBox.Result set = box.ssh("builder:set " + thief + " image ref=" + image);
        assertEquals(1, set.exit(), set.all());
        assertTrue(box.ssh("builder " + thief).assertOk().out().contains("builder   auto"), "nothing was stored");
        assertEquals(503, box.get(thief, "/").statusCode(), "nothing of the victim went live");
    }

    @Test
    void deployImageReleasesAnImageAtOnceAndAppJsonCanNameOne() throws Exception {
        String app = box.appName("dimg");
        String web = "web: busybox mkdir -p /www && echo WORD > /www/index.html && exec httpd -f -p $PORT -h /www\n";
        Path src = box.project(app, Map.of("Procfile", web.replace("WORD", "first"),
                "app.json", "{\"image\": \"localhost/busybox:latest\"}"));
        box.ssh("apps:create " + app).assertOk();
        TestBox.Result early = box.ssh("deploy:image " + app + " localhost/busybox:latest");
        assertEquals(1, early.exit(), early.all());
        assertTrue(early.err().contains(app + " has nothing on main to deploy yet; push it first"), early.all());
        assertTrue(box.ssh("builder " + app).assertOk().out().contains("auto"), "nothing changed");

        String pushed = push(src, app).assertOk().err();
        assertTrue(pushed.contains("Building with image (app.json names image localhost/busybox:latest)"), pushed);
        assertEquals("first\n", box.get(app, "/").body());

        box.commit(src, Map.of("Procfile", web.replace("WORD", "second"), "app.json", "{}"), "no image in app.json");
        push(src, app).assertDeployRejected("no way to build this app");
        TestBox.Result released = box.ssh("deploy:image " + app + " localhost/busybox:latest").assertOk();
        assertTrue(released.out().contains(app + " now releases image localhost/busybox:latest at each push"), released.out());
        assertTrue(released.out().contains("Releasing image localhost/busybox:latest ("), released.out());
        assertTrue(box.ssh("builder " + app).assertOk().out().contains("image ref=localhost/busybox:latest"));
        String again = push(src, app).assertOk().err();
        assertTrue(again.contains("Building with image (chosen with builder:set, localhost/busybox:latest)"), again);
        assertEquals("second\n", box.get(app, "/").body());

        // From the box itself nothing is pulled (Podman's request would reach the host's loopback services).
        TestBox.Result loop = box.ssh("deploy:image " + app + " 127.0.0.1:" + box.adminPort + "/x/y:1");
        assertEquals(1, loop.exit(), loop.all());
        assertTrue(loop.all().contains("HIY pulls nothing from 127.0.0.1:" + box.adminPort), loop.all());
        assertTrue(loop.all().contains("The builder of " + app + " is back to image localhost/busybox:latest"), loop.all());
        TestBox.Result nowhere = box.ssh("deploy:image " + app + " registry.invalid/x/y:1");
        assertEquals(1, nowhere.exit(), nowhere.all());
        assertTrue(nowhere.all().contains("Pulling registry.invalid/x/y:1 (not in this box's Podman store)")
                && nowhere.all().contains("Podman could not pull registry.invalid/x/y:1 ("), nowhere.all());
        TestBox.Result bad = box.ssh("deploy:image " + app + " 'Not An Image'");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("is not an image reference"), bad.all());
        assertEquals("second\n", box.get(app, "/").body(), "no failed deploy:image touched what serves");
        assertTrue(box.ssh("builder " + app).assertOk().out().contains("image ref=localhost/busybox:latest"));
        assertTrue(box.ssh("audit " + app).assertOk().out().contains("deploy:image " + app + " localhost/busybox:latest: deployed"));
    }

    @Test
    void aPrebuiltImageIsReleasedThroughTheHealthGate() throws Exception {
        String app = box.appName("img");
        Path src = box.project(app, Map.of("Procfile",
                "web: busybox mkdir -p /www && echo prebuilt > /www/index.html && exec httpd -f -p $PORT -h /www\n"));
        box.ssh("apps:create " + app).assertOk();
        String set = box.ssh("builder:set " + app + " image ref=localhost/busybox:latest").assertOk().out();
        assertTrue(set.contains("builder   image ref=localhost/busybox:latest (builder:set)"), set);
        String out = push(src, app).assertOk().err();
        assertTrue(out.contains("Building with image (chosen with builder:set, localhost/busybox:latest)"), out);
        assertTrue(out.contains("Releasing image localhost/busybox:latest ("), out);
        assertFalse(out.contains("STEP 1/"), "no build: " + out);
        assertEquals("prebuilt\n", box.get(app, "/").body());

        box.commit(src, Map.of("Procfile", "web: sleep 3600\n"), "never answers");
        push(src, app).assertDeployRejected("release v2 web.1 did not become healthy");
        assertEquals("prebuilt\n", box.get(app, "/").body(), "the health gate kept v1");
        assertEquals(0, box.podman("image", "exists", "localhost/busybox:latest").exit(), "the box's image stays");
    }

    @Test
    void builderSetRefusesWhatItCannotUseAndKeepsTheChoice() throws Exception {
        String app = box.appName("bset");
        box.ssh("apps:create " + app).assertOk();
        box.ssh("builder:set " + app + " node").assertOk();
        for (String[] bad : new String[][] {
                {"dockerfile path=../../etc/passwd", "is not a plain path inside the repository"},
                {"dockerfile path=/etc/passwd", "is not a plain path inside the repository"},
                {"image ref=hiy/" + app + ":v1", "is an image HIY builds for apps"},
                {"image ref=localhost/hiy/other:v1", "is an image HIY builds for apps"},
                {"image ref=0123456789abcdef0123", "looks like an image id"},
                {"image", "the image builder needs an image"},
                {"node path=x", "the node builder takes no setting"},
                {"heroku", "unknown builder \"heroku\": choose one of auto, dockerfile, pack, node, python, go, ruby, java, static, image"}}) {
            TestBox.Result r = box.ssh("builder:set " + app + " " + bad[0]);
            assertNotEquals(0, r.exit(), bad[0]);
            assertTrue(r.err().contains(bad[1]), bad[0] + ": " + r.err());
        }
        assertTrue(box.ssh("builder " + app).assertOk().out().contains("builder   node (builder:set)"),
                "a refused builder:set changes nothing");
    }

    @Test
    void aDockerfileInASubfolderIsBuiltButNotThroughALink() throws Exception {
        String app = box.appName("subdf");
        Path src = box.project(app, Map.of(
                "deploy/Dockerfile", "FROM localhost/busybox:latest\nCOPY site/ /www/\nCMD exec httpd -f -p \"$PORT\" -h /www\n",
                "site/index.html", "from deploy/Dockerfile\n",
                "package.json", "{\"scripts\":{\"start\":\"node nothing.js\"}}\n"));
        box.ssh("apps:create " + app).assertOk();
        box.ssh("builder:set " + app + " dockerfile path=deploy/Dockerfile").assertOk();
        String out = push(src, app).assertOk().err();
        assertTrue(out.contains("Building with dockerfile (chosen with builder:set, deploy/Dockerfile)"), out);
        assertEquals("from deploy/Dockerfile\n", box.get(app, "/").body());
        TestBox.Result own = box.ssh("builder:dockerfile " + app);
        assertEquals(1, own.exit());
        assertTrue(own.err().contains("writes no Dockerfile: it builds the repository's own"), own.err());

        // The same path through a link to a folder outside the repository: the link's target is never read.
        Path outside = Files.createDirectories(box.root.resolve("outside-" + app));
        Files.writeString(outside.resolve("Dockerfile"), "FROM localhost/busybox:latest\nCMD echo outside\n");
        box.run(src, java.util.List.of("git", "rm", "-rq", "deploy"), Map.of()).assertOk();
        Files.createSymbolicLink(src.resolve("deploy"), outside);
        box.commit(src, Map.of(), "deploy is a link out");
        push(src, app).assertDeployRejected("the commit has no file deploy/Dockerfile");
        assertEquals("from deploy/Dockerfile\n", box.get(app, "/").body(), "the running release is untouched");

        Files.delete(src.resolve("deploy"));
        Files.createDirectories(src.resolve("deploy"));
        Files.createSymbolicLink(src.resolve("deploy/Dockerfile"), outside.resolve("Dockerfile"));
        box.commit(src, Map.of(), "deploy/Dockerfile is a link to a host file");
        push(src, app).assertDeployRejected("deploy/Dockerfile is a symbolic link");
        assertEquals("from deploy/Dockerfile\n", box.get(app, "/").body());
    }

    @Test
    void packWithoutPackOnThePathSaysHowToInstallIt() throws Exception {
        String app = box.appName("pack");
        Path src = box.project(app, Map.of("project.toml", "[_]\nschema-version = \"0.2\"\n", "index.html", "x\n"));
        box.ssh("apps:create " + app).assertOk();
        box.ssh("builder:set " + app + " pack").assertOk();
        push(src, app).assertDeployRejected("pack is not on HIY's PATH: install it on the box");
        HttpResponse<String> page = box.get(app, "/");
        assertEquals(503, page.statusCode(), "nothing went live");
    }
}
