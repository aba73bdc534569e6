package hiy.build;

import com.github.dockerjava.api.exception.DockerException;
import hiy.runtime.PodmanConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DockerfileBuilderTest {
    @TempDir
    static Path dataDir;
    static PodmanConnection podman;
    static DockerfileBuilder builder;

    @TempDir
    Path workDir;
    final String tag = "hiy-test-build-" + System.nanoTime() + "/web:v1";
    final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void connect() throws Exception {
        podman = PodmanConnection.open(System.getenv("HIY_PODMAN_SOCKET"), dataDir);
        builder = new DockerfileBuilder(podman);
    }

    @AfterAll
    static void disconnect() {
        podman.close();
    }

    /** Removes the tag and any layer a failed build committed ("--> 1a2b3c" lines). */
    @AfterEach
    void removeWhatWasBuilt() {
        removeImage(tag);
        lines.stream()
                .filter(line -> line.matches("--> [0-9a-f]{6,64}"))
                .map(line -> line.substring(4))
                .forEach(DockerfileBuilderTest::removeImage);
    }

    @Test
    void acceptsAWorkDirWithADockerfile() throws IOException {
        assertFalse(builder.accepts(workDir));
        Files.writeString(workDir.resolve("Dockerfile"), "FROM localhost/busybox:latest\n");
        assertTrue(builder.accepts(workDir));
        assertEquals("Dockerfile", builder.name());
    }

    @Test
    void buildsTagsAndFindsTheExposedPort() throws Exception {
        Files.writeString(workDir.resolve("index.html"), "hello " + tag + "\n");
        Files.writeString(workDir.resolve("Dockerfile"), """
                FROM localhost/busybox:latest
                COPY index.html /www/index.html
                EXPOSE 8080
                CMD ["/bin/httpd","-f","-p","8080","-h","/www"]
                """);

        long start = System.nanoTime();
        BuiltImage image = builder.build(workDir, tag, lines::add);
        System.out.printf("Dockerfile build took %d ms%n", (System.nanoTime() - start) / 1_000_000);

        assertEquals(tag, image.tag());
        assertEquals(8080, image.port());
        assertEquals(podman.client().inspectImageCmd(tag).exec().getId(), image.imageId());
        assertTrue(lines.contains("STEP 1/4: FROM localhost/busybox:latest"), lines.toString());
        assertTrue(lines.contains("STEP 2/4: COPY index.html /www/index.html"), lines.toString());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("STEP 4/4: CMD")), lines.toString());
    }

    @Test
    void withoutExposeTheAppGetsTheDefaultPort() throws Exception {
        Files.writeString(workDir.resolve("Dockerfile"), """
                FROM localhost/busybox:latest
                LABEL test=%s
                """.formatted(tag));
        assertEquals(BuiltImage.DEFAULT_PORT, builder.build(workDir, tag, lines::add).port());
    }

    @Test
    void aFailingRunNamesTheStepAndTheEngineError() throws IOException {
        Files.writeString(workDir.resolve("Dockerfile"), """
                FROM localhost/busybox:latest
                RUN false
                CMD ["/bin/sh"]
                """);
        BuildException failure = assertThrows(BuildException.class, () -> builder.build(workDir, tag, lines::add));
        assertEquals("the Dockerfile failed at STEP 2/3: RUN false: exit status 1", failure.getMessage());
        assertTrue(lines.contains("STEP 2/3: RUN false"), lines.toString());
    }

    @Test
    void anUnknownInstructionIsNamedWithoutEngineInternals() throws IOException {
        Files.writeString(workDir.resolve("Dockerfile"), """
                FROM localhost/busybox:latest
                FROBNICATE everything
                """);
        BuildException failure = assertThrows(BuildException.class, () -> builder.build(workDir, tag, lines::add));
        assertTrue(failure.getMessage().startsWith("the Dockerfile failed at STEP 2/2: FROBNICATE"), failure.getMessage());
        assertTrue(failure.getMessage().contains("Unknown instruction"), failure.getMessage());
        assertFalse(failure.getMessage().contains("imagebuilder"), failure.getMessage());
    }

    /** Podman tries to pull it (from localhost only, so no traffic leaves the box) and retries for ~6 s. */
    @Test
    void aMissingBaseImageFailsAtFrom() throws IOException {
        String base = "localhost/hiy-test-missing-" + System.nanoTime() + ":v0";
        Files.writeString(workDir.resolve("Dockerfile"), "FROM " + base + "\n");
        BuildException failure = assertThrows(BuildException.class, () -> builder.build(workDir, tag, lines::add));
        assertTrue(failure.getMessage().startsWith("the Dockerfile failed at STEP 1/1: FROM " + base + ": "),
                failure.getMessage());
    }

    private static void removeImage(String nameOrId) {
        try {
            podman.client().removeImageCmd(nameOrId).exec();
        } catch (DockerException gone) {
            // Already removed with its child image, or never built.
        }
    }
}
