package hiy.build;

import hiy.store.Builders;
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

/** A prebuilt image named in app.json, and which registries HIY pulls from; nothing is pulled here. */
class PrebuiltImageTest {
    @TempDir
    Path dir;
    TestRepo repo;
    final BuildStrategies strategies = BuildStrategies.standard(null, null, new BuildStrategies.Config(
            new BaseImages("node:22", "localhost/busybox:latest", "python:3.12", "golang:1.22", "debian:bookworm-slim",
                    "ruby:3.3", "maven:3.9", "gradle:8", "eclipse-temurin:21-jre"),
            "heroku/builder:24", () -> "/nonexistent.sock", Path.of("/nonexistent")));

    @BeforeEach
    void newRepo() throws Exception {
        repo = TestRepo.create(dir);
    }

    @AfterEach
    void close() {
        repo.close();
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
