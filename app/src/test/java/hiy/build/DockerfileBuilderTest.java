package hiy.build;

import com.github.dockerjava.api.exception.DockerException;
import hiy.model.BuiltImage;
import hiy.runtime.PodmanConnection;
import hiy.runtime.TestPodman;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("e2e")
class DockerfileBuilderTest {
    @TempDir
    static Path dataDir;
    static PodmanConnection podman;
    static DockerfileBuilder builder;

    @TempDir
    Path repoDir;
    TestRepo repo;
    final String tag = "hiy-test-build-" + System.nanoTime() + "/web:v1";
    final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void connect() throws Exception {
        podman = TestPodman.open(dataDir);
        builder = new DockerfileBuilder(podman);
    }

    @AfterAll
    static void disconnect() {
        podman.close();
    }

    @BeforeEach
    void newRepo() throws Exception {
        repo = TestRepo.create(repoDir);
    }

    /** Removes the tag and any layer a failed build committed ("--> 1a2b3c" lines). */
    @AfterEach
    void removeWhatWasBuilt() {
        repo.close();
        removeImage(tag);
        lines.stream()
                .filter(line -> line.matches("--> [0-9a-f]{6,64}"))
                .map(line -> line.substring(4))
                .forEach(DockerfileBuilderTest::removeImage);
    }

    @Test
    void buildsTagsAndFindsTheExposedPort() throws Exception {
        SourceTree source = repo.commit(Map.of("index.html", "hello " + tag + "\n", "Dockerfile", """
                FROM localhost/busybox:latest
                COPY index.html /www/index.html
                EXPOSE 8080
                CMD ["/bin/httpd","-f","-p","8080","-h","/www"]
                """));

        long start = System.nanoTime();
        BuiltImage image = builder.build(source, tag, lines::add);
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
        SourceTree source = repo.commit(Map.of("Dockerfile", """
                FROM localhost/busybox:latest
                LABEL test=%s
                """.formatted(tag)));
        assertEquals(BuiltImage.DEFAULT_PORT, builder.build(source, tag, lines::add).port());
    }

    @Test
    void aFailingRunNamesTheStepAndTheEngineError() throws Exception {
        SourceTree source = repo.commit(Map.of("Dockerfile", """
                FROM localhost/busybox:latest
                RUN false
                CMD ["/bin/sh"]
                """));
        BuildException failure = assertThrows(BuildException.class, () -> builder.build(source, tag, lines::add));
        assertEquals("the Dockerfile failed at STEP 2/3: RUN false: exit status 1", failure.getMessage());
        assertTrue(lines.contains("STEP 2/3: RUN false"), lines.toString());
    }

    @Test
    void anUnknownInstructionIsNamedWithoutEngineInternals() throws Exception {
        SourceTree source = repo.commit(Map.of("Dockerfile", """
                FROM localhost/busybox:latest
                FROBNICATE everything
                """));
        BuildException failure = assertThrows(BuildException.class, () -> builder.build(source, tag, lines::add));
        assertTrue(failure.getMessage().startsWith("the Dockerfile failed at STEP 2/2: FROBNICATE"), failure.getMessage());
        assertTrue(failure.getMessage().contains("Unknown instruction"), failure.getMessage());
        assertFalse(failure.getMessage().contains("imagebuilder"), failure.getMessage());
    }

    /** Podman tries to pull it (from localhost only, so no traffic leaves the box) and retries for ~6 s. */
    @Test
    void aMissingBaseImageFailsAtFrom() throws Exception {
        String base = "localhost/hiy-test-missing-" + System.nanoTime() + ":v0";
        SourceTree source = repo.commit(Map.of("Dockerfile", "FROM " + base + "\n"));
        BuildException failure = assertThrows(BuildException.class, () -> builder.build(source, tag, lines::add));
        assertTrue(failure.getMessage().startsWith("the Dockerfile failed at STEP 1/1: FROM " + base + ": "),
                failure.getMessage());
    }

    /** The host's loopback (Caddy's admin API, HIY's ports) is out of reach of RUN: it has a network of its own. */
    @Test
    void runStepsHaveANetworkNamespaceOfTheirOwnWithoutTheHostsLoopback() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket hostService = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (true) {
                    try (Socket s = hostService.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            SourceTree source = repo.commit(Map.of("Dockerfile", """
                    FROM localhost/busybox:latest
                    RUN echo "netns $(busybox readlink /proc/self/ns/net)" # %s, never from the cache
                    RUN echo probe | busybox nc -w 3 127.0.0.1 %d && echo HOST-LOOPBACK-REACHED || echo HOST-LOOPBACK-REFUSED
                    """.formatted(tag, hostService.getLocalPort())));
            builder.build(source, tag, lines::add);
        }

        String hostNamespace = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        String buildNamespace = lines.stream().filter(l -> l.startsWith("netns ")).findFirst().orElseThrow()
                .substring("netns ".length());
        assertTrue(buildNamespace.startsWith("net:["), lines.toString());
        assertNotEquals(hostNamespace, buildNamespace, "RUN ran in the host's network namespace: " + lines);
        assertTrue(lines.contains("HOST-LOOPBACK-REFUSED"), lines.toString());
        assertFalse(lines.contains("HOST-LOOPBACK-REACHED"), lines.toString());
        assertEquals(0, connections.get(), "the host's loopback service saw a connection from the build");
    }

    @Test
    void addFromAUrlIsRefusedBeforeAnythingIsBuilt() throws Exception {
        SourceTree source = repo.commit(Map.of("Dockerfile", """
                FROM localhost/busybox:latest
                ADD http://127.0.0.1:2019/config/ /caddy.json
                """));
        BuildException failure = assertThrows(BuildException.class, () -> builder.build(source, tag, lines::add));
        assertTrue(failure.getMessage().startsWith("Dockerfile line 2: ADD http://127.0.0.1:2019/config/ is not allowed"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("RUN wget"), failure.getMessage());
        assertEquals(List.of(), lines, "nothing was sent to Podman");
    }

    /**
     * A link in the repository stays a link in the context: COPY of a link to a host directory finds nothing (the
     * link resolves inside the context), and a COPY of the whole tree copies the link, not the host's files.
     */
    @Test
    void linksToHostDirectoriesStayLinksAndExposeNothing(@TempDir Path hostDir) throws Exception {
        String secret = "host-secret-" + System.nanoTime();
        Files.writeString(hostDir.resolve("root.key"), secret);
        SourceTree source = repo.commit(Map.of("Dockerfile", """
                FROM localhost/busybox:latest
                COPY . /app
                RUN ls -l /app/pki; cat /app/pki/root.key || echo NOT-ON-THE-HOST
                COPY pki /pki
                """), Map.of("pki", hostDir.toString()), Long.MAX_VALUE);
        BuildException failure = assertThrows(BuildException.class, () -> builder.build(source, tag, lines::add));
        assertTrue(failure.getMessage().startsWith("the Dockerfile failed at STEP 4/4: COPY pki /pki"), failure.getMessage());
        assertFalse(failure.getMessage().contains("copier.request"), failure.getMessage());
        assertTrue(lines.contains("NOT-ON-THE-HOST"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("/app/pki -> " + hostDir)), lines.toString());
        assertFalse(String.join("\n", lines).contains(secret), lines.toString());
        assertFalse(failure.getMessage().contains(secret));
    }

    private static void removeImage(String nameOrId) {
        try {
            podman.client().removeImageCmd(nameOrId).exec();
        } catch (DockerException gone) {
            // Already removed with its child image, or never built.
        }
    }
}
