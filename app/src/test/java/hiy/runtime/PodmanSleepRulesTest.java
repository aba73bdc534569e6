package hiy.runtime;

import com.github.dockerjava.transport.DockerHttpClient;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When HIY's own Podman service may be stopped while unused, and how the next call brings it back: against an
 * in-memory transport and a clock of the test's own.
 */
class PodmanSleepRulesTest {
    private static final Duration IDLE = Duration.ofSeconds(60);

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final Recording before = new Recording("before");
    private final SwappableHttpClient transport =
            new SwappableHttpClient(before, before, Duration.ofSeconds(5), clock::get);
    private final AtomicInteger stops = new AtomicInteger();
    private final AtomicInteger wakes = new AtomicInteger();
    private final Recording after = new Recording("after");

    private boolean sleepIfIdle() {
        return transport.sleepIfIdle(IDLE, stops::incrementAndGet, () -> {
            wakes.incrementAndGet();
            return new SwappableHttpClient.Transports(after, after);
        });
    }

    private void pass(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    private static DockerHttpClient.Request get(String path) {
        return DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path(path).build();
    }

    @Test
    void itSleepsOnlyOnceUnusedForTheIdleTime() {
        transport.execute(get("/v1.41/containers/json")).close();
        pass(IDLE.minusSeconds(1));
        assertFalse(sleepIfIdle(), "used 59 s ago");
        pass(Duration.ofSeconds(1));
        assertTrue(sleepIfIdle());
        assertEquals(1, stops.get());
        assertTrue(transport.asleep());
        assertTrue(before.closed, "the transports to the stopped service are closed");
        assertFalse(sleepIfIdle(), "asleep already: stopped once");
        assertEquals(1, stops.get());
    }

    @Test
    void theNextCallStartsItAgainFirstAndGoesToTheNewService() {
        pass(IDLE);
        assertTrue(sleepIfIdle());
        transport.execute(get("/v1.41/containers/web-1/json")).close();
        transport.execute(get("/v1.41/containers/web-2/json")).close();
        assertEquals(1, wakes.get(), "started once, by the first call");
        assertFalse(transport.asleep());
        assertEquals(List.of("/v1.41/containers/web-1/json", "/v1.41/containers/web-2/json"), after.paths);
        assertFalse(sleepIfIdle(), "just used");
    }

    @Test
    void aResponseStillOpenKeepsItAwakeHoweverLongItLasts() {
        DockerHttpClient.Response followed = transport.execute(get("/v1.41/containers/web-1/logs?follow=true"));
        pass(IDLE.multipliedBy(10));
        assertFalse(sleepIfIdle(), "a followed log is in flight");
        followed.close();
        followed.close();
        pass(IDLE);
        assertTrue(sleepIfIdle(), "closed (twice, counted once) and unused since");
    }

    @Test
    void aFailedCallIsNotLeftInFlight() {
        before.fail = true;
        try {
            transport.execute(get("/v1.41/containers/gone/json"));
        } catch (IllegalStateException expected) {
            // the call failed; what matters is the count
        }
        pass(IDLE);
        assertTrue(sleepIfIdle());
    }

    @Test
    void aHoldWakesItAndKeepsItAwakeUntilReleased() throws Exception {
        pass(IDLE);
        assertTrue(sleepIfIdle());
        try (AutoCloseable pack = transport.hold()) {
            assertEquals(1, wakes.get(), "woken for the hold");
            pass(IDLE.multipliedBy(10));
            assertFalse(sleepIfIdle(), "held");
        }
        pass(IDLE);
        assertTrue(sleepIfIdle());
    }

    @Test
    void callsFromAQuietThreadNeitherKeepItAwakeNorCountAsUse() throws Exception {
        pass(IDLE.minusSeconds(1));
        CompletableFuture.runAsync(() -> {
            SwappableHttpClient.quietOnThisThread();
            transport.execute(get("/v1.41/containers/json")).close();
        }, r -> new Thread(r, "quiet").start()).get(10, TimeUnit.SECONDS);
        pass(Duration.ofSeconds(1));
        assertTrue(sleepIfIdle(), "only the quiet call came within the idle time");
        assertEquals(List.of("/v1.41/containers/json"), before.paths);
    }

    /** A transport that answers every request with 200 and an empty body, and remembers the paths. */
    private static final class Recording implements DockerHttpClient {
        final String name;
        final List<String> paths = new ArrayList<>();
        boolean closed;
        boolean fail;

        Recording(String name) {
            this.name = name;
        }

        @Override
        public synchronized Response execute(Request request) {
            if (closed) throw new IllegalStateException(name + " is closed");
            if (fail) throw new IllegalStateException("no such container");
            paths.add(request.path());
            return new Response() {
                @Override public int getStatusCode() { return 200; }
                @Override public Map<String, List<String>> getHeaders() { return Map.of(); }
                @Override public InputStream getBody() { return new ByteArrayInputStream(new byte[0]); }
                @Override public void close() { }
            };
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
