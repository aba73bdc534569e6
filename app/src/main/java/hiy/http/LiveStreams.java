package hiy.http;

import com.sun.net.httpserver.HttpExchange;
import hiy.build.BuildQueue;
import hiy.commands.AppOutput;
import hiy.hooks.Deployments;
import hiy.runtime.LogFanout;
import hiy.store.Processes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The answers that follow something as it happens (an app's output, a build's log) as Server-Sent Events. Each holds
 * its connection as long as the client stays, so they get threads of their own, at most {@link #THREADS} (one more is
 * refused with 503), and the API's workers keep answering meanwhile. A stream ends when what it follows ends or when
 * a write to the client fails: a client that left is noticed within a {@link #HEARTBEAT} or two.
 */
final class LiveStreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveStreams.class);
    static final int THREADS = 8;
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /** How far a follower of an app's output may fall behind (beyond the last lines it asked for) before it is let go. */
    static final int MAX_BEHIND = 2000;

    private final LogFanout logs;
    private final BuildQueue queue;
    private final ThreadPoolExecutor workers = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "hiy-http-stream");
                t.setDaemon(true);
                return t;
            });

    LiveStreams(LogFanout logs, BuildQueue queue) {
        this.logs = logs;
        this.queue = queue;
    }

    private interface Follow {
        void run(EventStream events) throws IOException, InterruptedException;
    }

    /**
     * The app's output from its last lines on, until its processes stop or the client leaves (as logs -f); fed by
     * the one engine stream per container that every client following it shares. The shared stream only queues
     * each line for this client; this client's own thread writes them, so a client that stops reading holds up
     * nobody else, and one that falls {@link #MAX_BEHIND} lines behind is told so and let go.
     */
    void logs(HttpExchange exchange, AppOutput output, int lines) throws ApiError {
        submit(exchange, events -> {
            CountDownLatch over = new CountDownLatch(output.processes().size());
            BlockingQueue<String> pending = new LinkedBlockingQueue<>(lines + MAX_BEHIND);
            AtomicBoolean behind = new AtomicBoolean();
            List<Closeable> streams = new ArrayList<>();
            try {
                for (Processes.AppProcess p : output.processes()) {
                    streams.add(logs.subscribe(p.container(), lines, line -> {
                        if (!pending.offer(output.show(p, line))) behind.set(true);
                    }, over::countDown));
                }
                while (true) {
                    if (behind.get()) {
                        events.event("end", "this client fell " + MAX_BEHIND + " lines behind the app's output and was"
                                + " let go; follow again (with lines=N to see what it missed)");
                        return;
                    }
                    String line = pending.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                    if (line != null) {
                        events.data(line);
                    } else if (over.getCount() == 0) {
                        break;
                    } else {
                        events.heartbeat();
                    }
                }
            } finally {
                for (Closeable c : streams) c.close();
            }
            events.event("end", "the app's processes stopped; the log ends here");
        });
    }

    /** A build's log from its first line, until it ends (then its record, as GET …/builds/ID) or the client leaves. */
    void build(HttpExchange exchange, long id, Supplier<Object> record) throws ApiError {
        submit(exchange, events -> {
            int from = 0;
            while (true) {
                Deployments.Progress p = queue.read(id, from, HEARTBEAT);
                for (String line : p.lines()) events.data(line);
                from += p.lines().size();
                if (p.finished()) break;
                if (p.lines().isEmpty()) events.heartbeat();
            }
            events.event("end", Exchanges.json(record.get()));
        });
    }

    /** Takes the exchange over: it is answered and closed on one of the streams' threads. */
    private void submit(HttpExchange exchange, Follow follow) throws ApiError {
        try {
            workers.execute(() -> {
                try (exchange) {
                    follow.run(new EventStream(exchange));
                } catch (IOException gone) {
                    LOG.debug("a follower of {} left", exchange.getRequestURI().getRawPath());
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    LOG.warn("streaming {} failed", exchange.getRequestURI().getRawPath(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new ApiError(503, "HIY is streaming to as many followers as it can (" + THREADS + "); close one,"
                    + " try again later, or read without follow=1");
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
