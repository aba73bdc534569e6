package hiy.build;

import hiy.store.Builders;
import hiy.store.Sites;
import hiy.model.BuiltSite;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a builder is picked for a commit (app.json's image included), what builder:set takes and which registries an
 * image is pulled from; nothing is built or pulled here.
 */
class BuildStrategiesTest {
    @TempDir
    Path dir;
    TestRepo repo;
    final BuildStrategies strategies = strategies(new Sites(Path.of("/nonexistent")));

    private static BuildStrategies strategies(Sites sites) {
        return BuildStrategies.standard(null, null, new BuildStrategies.Config(
                new BaseImages("node:22", "python:3.12", "golang:1.22", "debian:bookworm-slim",
                        "ruby:3.3", "maven:3.9", "gradle:8", "eclipse-temurin:21-jre"),
                "heroku/builder:24", () -> "/nonexistent.sock", Path.of("/nonexistent"), sites));
    }

    @BeforeEach
    void newRepo() throws Exception {
        repo = TestRepo.create(dir);
    }

    @AfterEach
    void close() {
        repo.close();
    }

    private String auto(SourceTree source) throws Exception {
        BuildStrategies.Decision d = strategies.decide(source, Builders.Choice.DEFAULT);
        return d.strategy().name() + " (" + d.reason() + ")";
    }

    @Test
    void autoTakesTheFirstThatFitsInOrderAndSaysWhy() throws Exception {
        assertEquals("static (index.html found in public/; no Dockerfile)",
                auto(repo.commit(Map.of("public/index.html", "hi", "README", "x"))));
        assertEquals("python (requirements.txt found; no Dockerfile)", auto(repo.commit(Map.of("requirements.txt", ""))));
        assertEquals("node (package.json found; no Dockerfile)", auto(repo.commit(Map.of("package.json", "{}"))));
        assertEquals("dockerfile (Dockerfile found)", auto(repo.commit(Map.of("Dockerfile", "FROM x\n"))));
    }

    @Test
    void eachLanguageIsKnownByItsManifestPythonBeforeGoBeforeRubyBeforeJava() throws Exception {
        String[][] cases = {
                {"go (go.mod found; no Dockerfile)", "go.mod", "index.html"},
                {"ruby (Gemfile found; no Dockerfile)", "Gemfile", "pom.xml"},
                {"java (build.gradle found; no Dockerfile)", "build.gradle", "public/index.html"},
                {"python (requirements.txt found; no Dockerfile)", "requirements.txt", "go.mod"},
                {"go (go.mod found; no Dockerfile)", "go.mod", "Gemfile"}};
        int n = 0;
        for (String[] c : cases) {
            try (TestRepo own = TestRepo.create(dir.resolve("own" + n++))) {
                assertEquals(c[0], auto(own.commit(Map.of(c[1], "", c[2], ""))));
            }
        }
    }

    @Test
    void theStaticRootIsTheFirstFolderWithAnIndex() throws Exception {
        assertEquals("static (index.html found in dist/; no Dockerfile)",
                auto(repo.commit(Map.of("dist/index.html", "", "_site/index.html", ""))));
        assertEquals("static (index.html found at the top; no Dockerfile)", auto(repo.commit(Map.of("index.html", ""))));
    }

    @Test
    void aLinkNamedDockerfileOrPackageJsonDoesNotCount() throws Exception {
        SourceTree source = repo.commit(Map.of("README", "x"),
                Map.of("Dockerfile", "README", "package.json", "README"), Long.MAX_VALUE);
        BuildException e = assertThrows(BuildException.class, () -> auto(source));
        assertTrue(e.getMessage().startsWith("no way to build this app: add a Dockerfile, a language's manifest"
                + " (package.json, requirements.txt, go.mod, Gemfile, pom.xml …) or an index.html (static site). HIY"
                + " looked for a Dockerfile; project.toml"), e.getMessage());
        assertTrue(e.getMessage().contains("; go.mod; Gemfile; pom.xml, build.gradle, build.gradle.kts; "), e.getMessage());
        assertTrue(e.getMessage().contains("_site/, and found none."), e.getMessage());
        assertTrue(e.getMessage().contains("builder:set APP auto|dockerfile|pack|node"), e.getMessage());
    }

    @Test
    void aChosenBuilderWinsOverTheFiles() throws Exception {
        BuildStrategies.Decision d = strategies.decide(repo.commit(Map.of("Dockerfile", "FROM x\n")),
                new Builders.Choice("static", null));
        assertEquals("static", d.strategy().name());
        assertEquals("chosen with builder:set", d.reason());
    }

    @Test
    void aDockerfilePathStaysInsideTheRepository() throws Exception {
        assertEquals("deploy/Dockerfile", BuildStrategies.checkSetting("dockerfile", "path", "deploy/Dockerfile"));
        for (String bad : new String[] {"../Dockerfile", "deploy/../../etc/passwd", "/etc/passwd", "deploy//Dockerfile",
                "./Dockerfile", "deploy/", "a b", "a\nb", "$HOME/Dockerfile", ""}) {
            BuildException e = assertThrows(BuildException.class, () -> BuildStrategies.checkSetting("dockerfile", "path", bad));
            assertTrue(e.getMessage().contains("is not a plain path inside the repository"), e.getMessage());
            assertTrue(e.getMessage().contains("(e.g. path=deploy/Dockerfile)"), e.getMessage());
        }
        BuildException ours = assertThrows(BuildException.class,
                () -> BuildStrategies.checkSetting("dockerfile", "path", ".hiy.Dockerfile"));
        assertTrue(ours.getMessage().contains("is the name HIY gives the Dockerfile it writes"), ours.getMessage());
    }

    @Test
    void aStaticRootChosenWithBuilderSetIsServedAsItIsAndMustHoldAnIndex() throws Exception {
        assertEquals("site/out", BuildStrategies.checkSetting("static", "root", "site/out/"));
        for (String bad : new String[] {"../site", "/var/lib/hiy", "site/../..", "", "/", "a b"}) {
            BuildException e = assertThrows(BuildException.class, () -> BuildStrategies.checkSetting("static", "root", bad));
            assertTrue(e.getMessage().contains("is not a plain path inside the repository")
                    && e.getMessage().contains("(e.g. root=build)"), e.getMessage());
        }
        assertThrows(BuildException.class, () -> BuildStrategies.checkSetting("static", "path", "site"));

        BuildStrategies withSites = strategies(new Sites(dir.resolve("sites")));
        SourceTree source = repo.commit(Map.of("site/out/index.html", "chosen", "public/index.html", "found first",
                "site/index.html", "above it"));
        BuildStrategies.Decision d = withSites.decide(source, new Builders.Choice("static", "site/out"));
        List<String> lines = new ArrayList<>();
        BuiltSite site = (BuiltSite) d.strategy().build(source, d.setting(), "unused", lines::add);
        assertEquals("chosen", Files.readString(site.staged().resolve("index.html")), "the folder chosen, not the first found");
        assertEquals(1, site.files(), "only that folder's files");
        assertTrue(lines.contains("Serving site/out/ as it is (no container: Caddy serves the files)"), lines.toString());

        try (TestRepo other = TestRepo.create(dir.resolve("other"))) {
            SourceTree without = other.commit(Map.of("public/index.html", "x"));
            BuildException none = assertThrows(BuildException.class,
                    () -> d.strategy().build(without, d.setting(), "unused", lines::add));
            assertEquals("the commit has no site/out/index.html (this app's site folder, set with builder:set APP static"
                    + " root=site/out): commit one, or name another folder", none.getMessage());
        }
    }

    @Test
    void settingsGoOnlyToTheBuilderThatTakesThem() {
        assertThrows(BuildException.class, () -> BuildStrategies.checkSetting("node", "path", "x"));
        assertThrows(BuildException.class, () -> BuildStrategies.checkSetting("dockerfile", "ref", "x"));
        BuildException e = assertThrows(BuildException.class, () -> BuildStrategies.checkSetting("image", null, null));
        assertTrue(e.getMessage().contains("ref=IMAGE"), e.getMessage());
    }

    @Test
    void anImageIsNamedByItsOwnNameNeverAsAnIdOrAnotherAppsBuild() throws Exception {
        assertEquals("localhost/busybox", BuildStrategies.checkSetting("image", "ref", "localhost/busybox"));
        assertEquals("docker.io/library/nginx:1.27", BuildStrategies.checkSetting("image", "ref", "docker.io/library/nginx:1.27"));
        for (String bad : new String[] {"hiy/blog:v1-abc", "localhost/hiy/blog:v1", "0123456789abcdef",
                "sha256:" + "a".repeat(64), "Busybox", "busybox; rm -rf /", "busybox\nFROM x", "-busybox", ""}) {
            assertThrows(BuildException.class, () -> BuildStrategies.checkSetting("image", "ref", bad), bad);
        }
    }

    @Test
    void anImageInAppJsonIsReleasedInsteadOfTheDockerfileWithItsNameAsTheSetting() throws Exception {
        SourceTree source = repo.commit(Map.of("app.json", "{\"image\": \"docker.io/library/nginx:1.27\"}",
                "Dockerfile", "FROM x\n"));
        BuildStrategies.Decision d = strategies.decide(source, Builders.Choice.DEFAULT);
        assertEquals("image", d.strategy().name());
        assertEquals("app.json names image docker.io/library/nginx:1.27", d.reason());
        assertEquals("docker.io/library/nginx:1.27", d.setting());
        BuildStrategies.Decision chosen = strategies.decide(source, new Builders.Choice("dockerfile", null));
        assertEquals("dockerfile", chosen.strategy().name(), "builder:set wins over app.json");
    }

    @Test
    void appJsonWithoutAnImageOrWithABadOneSaysSo() throws Exception {
        assertEquals(Optional.empty(), AppJson.image(Optional.of("{\"healthchecks\": {}}")));
        assertEquals(Optional.empty(), AppJson.image(Optional.of("[]")));
        assertEquals(Optional.empty(), AppJson.image(Optional.empty()));
        String[][] bad = {
                {"{\"image\": 3}", "app.json image must be a string"},
                {"{\"image\": \"Not An Image\"}", "app.json image: \"Not An Image\" is not an image reference"},
                {"{\"image\": \"hiy/other:v1\"}", "is an image HIY builds for apps"},
                {"{\"image\": \"0123456789abcdef0123\"}", "looks like an image id"},
                {"{\"image\": ", "app.json is not valid JSON"}};
        for (String[] c : bad) {
            BuildException e = assertThrows(BuildException.class, () -> AppJson.image(Optional.of(c[0])), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void theRegistryIsTheFirstPartWhenItLooksLikeAHost() {
        assertEquals(Optional.of("docker.io"), ImagePull.registry("docker.io/library/nginx:1.27"));
        assertEquals(Optional.of("127.0.0.1:5000"), ImagePull.registry("127.0.0.1:5000/x:1"));
        assertEquals(Optional.of("localhost"), ImagePull.registry("localhost/busybox"));
        assertEquals(Optional.empty(), ImagePull.registry("library/nginx"));
        assertEquals(Optional.empty(), ImagePull.registry("nginx:1.27"));
    }

    @Test
    void nothingIsPulledFromTheBoxItselfOrALinkLocalAddress() {
        for (String refused : new String[] {"localhost", "localhost:5000", "127.0.0.1:2019", "127.1.2.3", "[::1]:5000",
                "0.0.0.0:80", "169.254.169.254", "[fe80::1]:443", "registry.localhost:5000"}) {
            assertFalse(ImagePull.mayPullFrom(refused), refused);
        }
        for (String allowed : new String[] {"192.168.1.10:5000", "10.0.0.5", "registry.invalid", "ghcr.io"}) {
            assertTrue(ImagePull.mayPullFrom(allowed), allowed);
        }
    }
}
