package hiy.release;

import hiy.host.LoopbackResponder;
import hiy.runtime.RuntimeFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpHealthCheckTest {
    private LoopbackResponder server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aNotFoundAnswerCountsAsHealthy() throws Exception {
        int port = serve(404);
        Duration took = HttpHealthCheck.awaitHealthy(port, "/", Duration.ofSeconds(5), () -> true);
        assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, took.toString());
    }

    @Test
    void serverErrorsUntilTheDeadlineFail() throws Exception {
        int port = serve(503);
        RuntimeFailure failure = assertThrows(RuntimeFailure.class,
                () -> HttpHealthCheck.awaitHealthy(port, "health", Duration.ofSeconds(1), () -> true));
        assertTrue(failure.getMessage().contains("did not answer HTTP on port " + port + " at /health within 1 s"), failure.getMessage());
    }

    @Test
    void nobodyListeningFailsAtTheDeadline() throws Exception {
        int port = LoopbackResponder.freePort();
        long start = System.nanoTime();
        RuntimeFailure failure = assertThrows(RuntimeFailure.class,
                () -> HttpHealthCheck.awaitHealthy(port, "/", Duration.ofSeconds(1), () -> true));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(failure.getMessage().contains("within 1 s"), failure.getMessage());
        assertTrue(millis >= 1000 && millis < 3000, millis + " ms");
    }

    @Test
    void aDeadProcessEndsTheWaitAtOnce() throws Exception {
        int port = LoopbackResponder.freePort();
        RuntimeFailure failure = assertThrows(RuntimeFailure.class,
                () -> HttpHealthCheck.awaitHealthy(port, "/", Duration.ofSeconds(30), () -> false));
        assertTrue(failure.getMessage().contains("exited before answering"), failure.getMessage());
    }

    private int serve(int status) throws IOException {
        server = LoopbackResponder.serve(0, status, "");
        return server.port();
    }
}
