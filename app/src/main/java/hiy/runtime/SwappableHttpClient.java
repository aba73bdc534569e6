package hiy.runtime;

import com.github.dockerjava.transport.DockerHttpClient;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The HTTP transport under HIY's one DockerClient, in two parts: one for the requests that take as long as they need
 * ({@link PodmanDeadline#mayTakeLong}: builds, followed logs, attaches, waits, stops), one for every other request,
 * which Podman answers at once unless it hangs, and which therefore has a deadline ({@link PodmanDeadline}). When the
 * Podman service dies and is started again (perhaps on another socket), both are replaced, so every holder of the
 * DockerClient works again without being told.
 *
 * <p>It also keeps count of what is in flight (a response counts until it is closed, so a followed log counts as long
 * as it is followed) and when the last call was made, so that a service nobody uses can be stopped
 * ({@link #sleepIfIdle}) and is started again by the next call ({@link #execute} wakes it first). Calls made from a
 * thread marked {@link #quietOnThisThread quiet} (the supervisor's rounds) do not count as use.
 */
final class SwappableHttpClient implements DockerHttpClient {
    private static final ThreadLocal<Boolean> QUIET = ThreadLocal.withInitial(() -> false);

    private final Duration callDeadline;
    private volatile Transports current;
    /** Set when a call on the current transports got no answer within its deadline; cleared by a swap. */
    private volatile boolean hung;
    /** Guards the counts below and the change between asleep and awake. */
    private final Object gate = new Object();
    private int inFlight;
    private final LongSupplier clock;
    private long lastUse;
    /** Null while awake; while asleep, what starts the service again and gives the transports to it. */
    private Supplier<Transports> waker;

    record Transports(DockerHttpClient calls, DockerHttpClient streams) { }

    SwappableHttpClient(DockerHttpClient calls, DockerHttpClient streams, Duration callDeadline) {
        this(calls, streams, callDeadline, System::nanoTime);
    }

    /** clock: nanoseconds, as System.nanoTime (a test's own clock in tests). */
    SwappableHttpClient(DockerHttpClient calls, DockerHttpClient streams, Duration callDeadline, LongSupplier clock) {
        this.current = new Transports(calls, streams);
        this.callDeadline = callDeadline;
        this.clock = clock;
        this.lastUse = clock.getAsLong();
    }

    /** Calls from the current thread from now on are not use: they neither keep the service awake nor count as news. */
    static void quietOnThisThread() {
        QUIET.set(true);
    }

    /** Later requests go to the new transports; the old ones are closed (their pooled connections lead nowhere now). */
    void swap(DockerHttpClient calls, DockerHttpClient streams) throws IOException {
        Transports old;
        synchronized (gate) {
            old = current;
            current = new Transports(calls, streams);
            hung = false;
        }
        old.calls().close();
        old.streams().close();
    }

    @Override
    public Response execute(Request request) {
        Transports now = enter();
        try {
            Response response;
            if (PodmanDeadline.mayTakeLong(request)) {
                response = now.streams().execute(request);
            } else {
                try {
                    response = PodmanDeadline.within(callDeadline, request, () -> now.calls().execute(request));
                } catch (RuntimeException e) {
                    if (PodmanDeadline.isHung(e)) hung = true;
                    throw e;
                }
            }
            return new Counted(response);
        } catch (RuntimeException | Error e) {
            leave();
            throw e;
        }
    }

    /** Wakes the service if it sleeps, and counts one more in flight; the transports to use. */
    private Transports enter() {
        synchronized (gate) {
            if (waker != null) {
                current = waker.get();
                waker = null;
                hung = false;
            }
            inFlight++;
            if (!QUIET.get()) lastUse = clock.getAsLong();
            return current;
        }
    }

    private void leave() {
        synchronized (gate) {
            inFlight--;
            if (!QUIET.get()) lastUse = clock.getAsLong();
        }
    }

    /**
     * Something outside this transport uses the service (pack talks to its socket itself): it stays awake, woken
     * first if it sleeps, until the returned handle is closed.
     */
    PodmanConnection.Use hold() {
        enter();
        boolean[] closed = {false};
        return () -> {
            synchronized (gate) {
                if (closed[0]) return;
                closed[0] = true;
            }
            leave();
        };
    }

    /**
     * If nothing is in flight and nothing but quiet calls came for {@code idle}: runs {@code stop} (which stops the
     * service), closes the transports and sleeps until the next call, which runs {@code wake} first. No call can
     * start meanwhile. Returns whether it went to sleep.
     */
    boolean sleepIfIdle(Duration idle, Runnable stop, Supplier<Transports> wake) {
        Transports old;
        synchronized (gate) {
            if (waker != null || inFlight > 0 || clock.getAsLong() - lastUse < idle.toNanos()) return false;
            stop.run();
            old = current;
            waker = wake;
        }
        try {
            old.calls().close();
            old.streams().close();
        } catch (IOException e) {
            // the service is gone: there is nothing left to close cleanly
        }
        return true;
    }

    boolean asleep() {
        synchronized (gate) {
            return waker != null;
        }
    }

    /**
     * Whether Podman left a call unanswered past its deadline since the last swap or the last look: a service that
     * still answers a ping can hang on its locks (seen with rootless Podman 4.3: every call waiting on a storage lock
     * for good). Looking clears it, so one hang is acted on once.
     */
    boolean takeHung() {
        boolean was = hung;
        hung = false;
        return was;
    }

    @Override
    public void close() throws IOException {
        Transports now = current;
        now.calls().close();
        now.streams().close();
    }

    /** A response that counts as in flight until it is closed (once, however often close is called). */
    private final class Counted implements Response {
        private final Response inner;
        private boolean closed;

        Counted(Response inner) {
            this.inner = inner;
        }

        @Override public int getStatusCode() { return inner.getStatusCode(); }
        @Override public Map<String, List<String>> getHeaders() { return inner.getHeaders(); }
        @Override public String getHeader(String name) { return inner.getHeader(name); }
        @Override public InputStream getBody() { return inner.getBody(); }

        @Override
        public void close() {
            try {
                inner.close();
            } finally {
                boolean first;
                synchronized (this) {
                    first = !closed;
                    closed = true;
                }
                if (first) leave();
            }
        }
    }
}
