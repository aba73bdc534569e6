package hiy.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Podman that accepts every request and answers none but builds (after a while, as a build does): a call that
 * hangs fails after the deadline with a message that names it and what to do, and a build still takes its time.
 */
class PodmanDeadlineTest {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final long BUILD_MILLIS = 1_000;

    @TempDir
    Path dir;
    private ServerSocketChannel server;
    private final List<SocketChannel> held = new CopyOnWriteArrayList<>();
    private DockerClient docker;
    private SwappableHttpClient transport;

    @BeforeEach
    void hangingPodman() throws IOException {
        Path socket = dir.resolve("podman.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread accept = new Thread(this::serve, "hanging-podman");
        accept.setDaemon(true);
        accept.start();
        transport = new SwappableHttpClient(http(socket), http(socket), SHORT);
        docker = DockerClientImpl.getInstance(DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix://" + socket).withApiVersion(PodmanConnection.API_VERSION).build(), transport);
    }

    @AfterEach
    void stop() throws IOException {
        docker.close();
        server.close();
        for (SocketChannel c : held) c.close();
    }

    @Test
    void aCallPodmanNeverAnswersFailsAfterTheDeadlineNamingItAndWhatToDo() {
        long start = System.nanoTime();
        DockerException e = assertThrows(DockerException.class,
                () -> docker.inspectContainerCmd("web-1").exec());
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(millis < 10_000, "gave up after " + millis + " ms");
        assertTrue(e.getMessage().contains("Podman did not answer GET /v1.41/containers/web-1/json within"), e.getMessage());
        assertTrue(e.getMessage().contains("restart that user's Podman service"), e.getMessage());
        assertFalse(Thread.currentThread().isInterrupted(), "the caller's thread is not left interrupted");
        assertThrows(DockerException.class, () -> docker.listContainersCmd().exec(), "the next call fails the same way");
        assertTrue(transport.takeHung(), "the transport remembers the hang, so the supervisor restarts the service");
        assertFalse(transport.takeHung(), "one hang is acted on once");
    }

    @Test
    void aHangOrAVanishedNetworkIsWorthOneMoreTryAnythingElseIsNot() {
        DockerException hang = assertThrows(DockerException.class, () -> docker.inspectContainerCmd("web-1").exec());
        assertTrue(PodmanDeadline.passing(new RuntimeFailure("Podman could not create container x", hang)));
        assertTrue(PodmanDeadline.passing(new RuntimeFailure("could not start", new DockerException(
                "{\"cause\":\"network not found\",\"message\":\"unable to find network with name or ID hiy-1-a\"}", 500))));
        assertFalse(PodmanDeadline.passing(new RuntimeFailure("could not start", new DockerException(
                "rootlessport listen tcp 127.0.0.1:20001: bind: address already in use", 500))));
        assertFalse(PodmanDeadline.passing(new RuntimeFailure("Image hiy/x:v1 does not exist")));
    }

    @Test
    void aBuildTakesAsLongAsItNeeds() throws Exception {
        DockerHttpClient.Request build = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.POST)
                .path("/v4.0.0/libpod/build?t=hiy%2Fx%3Av1").build();
        long start = System.nanoTime();
        try (DockerHttpClient.Response r = ((DockerClientImpl) docker).getHttpClient().execute(build)) {
            assertEquals(200, r.getStatusCode());
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= BUILD_MILLIS);
        assertFalse(transport.takeHung(), "a build that takes its time is no hang");
    }

    @Test
    void streamsWaitsAndStopsHaveNoDeadlineEverythingElseHasOne() {
        for (String path : List.of("/v1.41/build?t=x", "/v4.0.0/libpod/build", "/v1.41/containers/a/attach?stream=1",
                "/v1.41/containers/a/wait", "/v1.41/containers/a/stop?t=10", "/v1.41/events",
                "/v1.41/containers/a/logs?stdout=1&follow=1", "/v1.41/containers/a/logs?follow=true&stderr=true",
                "/v1.41/images/create?fromImage=docker.io%2Flibrary%2Fnginx&tag=1.27", "/v4.0.0/libpod/images/pull?reference=x")) {
            assertTrue(PodmanDeadline.mayTakeLong(request(path)), path);
        }
        for (String path : List.of("/v1.41/containers/create?name=a", "/v1.41/containers/a/start", "/v1.41/containers/a/json",
                "/v1.41/containers/json?all=1", "/v1.41/containers/a?force=1", "/v1.41/containers/a/logs?tail=100&follow=0",
                "/v1.41/images/hiy/x:v1/json", "/v1.41/networks/create", "/v1.41/containers/build-cache/json")) {
            assertFalse(PodmanDeadline.mayTakeLong(request(path)), path);
        }
    }

    private static DockerHttpClient.Request request(String path) {
        return DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path(path).build();
    }

    /** With docker-java's own response timeout, which a Unix socket ignores: the deadline must hold without it. */
    private static DockerHttpClient http(Path socket) {
        return new ZerodepDockerHttpClient.Builder().dockerHost(URI.create("unix://" + socket)).responseTimeout(SHORT).build();
    }

    /** Reads each request's head; answers a build after BUILD_MILLIS, and anything else never. */
    private void serve() {
        try {
            while (server.isOpen()) {
                SocketChannel c = server.accept();
                held.add(c);
                Thread t = new Thread(() -> answer(c), "hanging-podman-request");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException closed) {
            // the test is over
        }
    }

    private static void answer(SocketChannel c) {
        try {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(1);
            while (!head.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n") && c.read(b) > 0) {
                head.write(b.get(0));
                b.clear();
            }
            if (!head.toString(StandardCharsets.ISO_8859_1).contains("/build")) return;
            Thread.sleep(BUILD_MILLIS);
            c.write(ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        } catch (IOException | InterruptedException e) {
            // the test is over
        }
    }
}
