package hiy.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import hiy.commands.AppOutput;
import hiy.model.LineSink;
import hiy.runtime.LogFanout;
import hiy.secrets.Redactor;
import hiy.store.Processes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Followers of one app's output share its engine stream; one that stops reading holds up nobody else. */
class LiveStreamsTest {
    private static final Processes.AppProcess WEB = new Processes.AppProcess("c-web", "blog", 1, "web", 1, 5000);

    /** The one engine stream per container: the sinks the fanout gave it, fed by the test. */
    private final List<LineSink> engine = new CopyOnWriteArrayList<>();
    private final LogFanout fanout = new LogFanout((container, tail, lines, ended) -> {
        engine.add(lines);
        return () -> { };
    }, (container, n) -> List.of());

    @Test
    void aFollowerThatStopsReadingHoldsUpNobodyElse() throws Exception {
        AppOutput output = new AppOutput(List.of(WEB), Redactor.of(Set.of()));
        try (LiveStreams streams = new LiveStreams(fanout, null)) {
            Exchange stuck = new Exchange(new Stuck());
            Exchange reader = new Exchange(new ByteArrayOutputStream());
            streams.logs(stuck, output, 0);
            streams.logs(reader, output, 0);
            awaitTrue(() -> fanout.open() == 1 && ((Stuck) stuck.body).writing.getCount() == 0
                    && engine.size() == 1);
            // The stuck client is blocked in its first write (the headers' flush or a heartbeat) from here on.
            // The engine's thread: it must never wait on a client (before, it wrote to each one itself).
            // Fewer than a follower may fall behind: the reader must get them all however slowly its thread runs.
            int lines = LiveStreams.MAX_BEHIND / 4;
            Thread feed = new Thread(() -> {
                for (int i = 0; i < lines; i++) engine.get(0).line("line " + i);
            }, "engine");
            feed.setDaemon(true);
            feed.start();
            awaitTrue(() -> reader.written().contains("data: line " + (lines - 1) + "\n"));
            feed.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(!feed.isAlive(), "the engine's thread fed every line although one client reads none");
            assertEquals(1, fanout.open(), "one engine stream for both");
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 30 s");
            Thread.sleep(10);
        }
    }

    /** A client that never reads: its first write blocks until the test ends. */
    private static final class Stuck extends OutputStream {
        final CountDownLatch writing = new CountDownLatch(1);

        @Override
        public void write(int b) throws java.io.IOException {
            writing.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            write(0);
        }
    }

    /** Just enough of an exchange for a stream of events. */
    private static final class Exchange extends HttpExchange {
        final OutputStream body;
        private final Headers headers = new Headers();

        Exchange(OutputStream body) {
            this.body = body;
        }

        String written() {
            synchronized (body) {
                return body instanceof ByteArrayOutputStream b ? b.toString(StandardCharsets.UTF_8) : "";
            }
        }

        @Override public Headers getRequestHeaders() { return new Headers(); }
        @Override public Headers getResponseHeaders() { return headers; }
        @Override public URI getRequestURI() { return URI.create("/api/apps/blog/logs?follow=1"); }
        @Override public String getRequestMethod() { return "GET"; }
        @Override public HttpContext getHttpContext() { return null; }
        @Override public void close() { }
        @Override public InputStream getRequestBody() { return InputStream.nullInputStream(); }
        @Override public OutputStream getResponseBody() {
            return body instanceof ByteArrayOutputStream b ? new OutputStream() {
                @Override public void write(int c) { synchronized (b) { b.write(c); } }
                @Override public void write(byte[] bytes, int off, int len) { synchronized (b) { b.write(bytes, off, len); } }
            } : body;
        }
        @Override public void sendResponseHeaders(int code, long length) { }
        @Override public InetSocketAddress getRemoteAddress() { return new InetSocketAddress("127.0.0.1", 1); }
        @Override public int getResponseCode() { return 200; }
        @Override public InetSocketAddress getLocalAddress() { return new InetSocketAddress("127.0.0.1", 2); }
        @Override public String getProtocol() { return "HTTP/1.1"; }
        @Override public Object getAttribute(String name) { return null; }
        @Override public void setAttribute(String name, Object value) { }
        @Override public void setStreams(InputStream i, OutputStream o) { }
        @Override public HttpPrincipal getPrincipal() { return null; }
    }
}
