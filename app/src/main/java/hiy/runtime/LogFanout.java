package hiy.runtime;

import hiy.model.LineSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Followed logs, shared: one engine log stream per container however many clients follow it. Each stream holds a
 * connection to Podman and a thread of its own as long as it lasts, so ten browsers on one app's logs must not cost
 * ten. The shared stream is opened with no tail (live lines only); each subscriber gets its own tail from a one-shot
 * read of the last lines, made after it joined the stream so that no line falls between the two. The stream's lines
 * that came meanwhile are held back until that tail is out, and those at their start that the tail ends with (both
 * saw them) are dropped: an identical line written twice within those few milliseconds may so be shown once.
 */
public final class LogFanout {
    private static final Logger LOG = LoggerFactory.getLogger(LogFanout.class);

    /** Follows a container's log, as {@link ContainerRuntime#followLog}. */
    @FunctionalInterface
    public interface Follower {
        Closeable follow(String container, int tail, LineSink lines, Runnable ended);
    }

    /** Reads a container's last lines once, as {@link ContainerRuntime#lastLogLines}. */
    @FunctionalInterface
    public interface TailReader {
        List<String> lastLines(String container, int n);
    }

    private final Follower follower;
    private final TailReader tails;
    private final Map<String, Stream> streams = new HashMap<>();

    public LogFanout(Follower follower, TailReader tails) {
        this.follower = follower;
        this.tails = tails;
    }

    /**
     * The container's last {@code tail} lines, then every new line as it comes, each passed to {@code lines}, until
     * the result is closed or the log ends on its own (then {@code ended} runs once). A subscriber whose
     * {@code lines} throws gets nothing more, and its {@code ended} does not run.
     */
    public Closeable subscribe(String container, int tail, LineSink lines, Runnable ended) {
        Stream stream;
        boolean first;
        Stream.Subscriber subscriber;
        synchronized (this) {
            stream = streams.computeIfAbsent(container, Stream::new);
            first = stream.subscribers.isEmpty(); // one in the map has subscribers: it leaves with its last
            subscriber = stream.new Subscriber(lines, ended);
            stream.subscribers.add(subscriber);
        }
        if (first) stream.open(subscriber);
        else stream.awaitOpen();
        subscriber.catchUp(tail == 0 ? List.of() : tails.lastLines(container, tail));
        return subscriber::leave;
    }

    /** How many engine log streams are open (or opening) now: one per followed container. */
    public synchronized int open() {
        return streams.size();
    }

    /** One container's engine stream and those it feeds; its state is guarded by the fanout's lock. */
    private final class Stream {
        private final String container;
        private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
        private final CountDownLatch opened = new CountDownLatch(1);
        private Closeable engine;
        /** Out of the map: its last subscriber left or the log ended. */
        private boolean over;

        Stream(String container) {
            this.container = container;
        }

        void open(Subscriber first) {
            Closeable opening;
            try {
                opening = follower.follow(container, 0, this::line, this::ended);
            } catch (RuntimeException e) {
                first.leave();
                ended();
                throw e;
            } finally {
                opened.countDown();
            }
            boolean unwanted;
            synchronized (LogFanout.this) {
                unwanted = over;
                engine = opening;
            }
            if (unwanted) closeQuietly(opening);
        }

        /** Those who join while the first opens the stream read their tail only once it is open, so as to lose nothing. */
        void awaitOpen() {
            try {
                opened.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void line(String line) {
            for (Subscriber s : subscribers) s.live(line);
        }

        private void ended() {
            List<Subscriber> left;
            synchronized (LogFanout.this) {
                over = true;
                streams.remove(container, this);
                left = List.copyOf(subscribers);
                subscribers.clear();
            }
            left.forEach(Subscriber::streamEnded);
        }

        private void remove(Subscriber s) {
            Closeable last;
            synchronized (LogFanout.this) {
                if (!subscribers.remove(s) || !subscribers.isEmpty()) return;
                over = true;
                streams.remove(container, this);
                last = engine;
            }
            closeQuietly(last);
        }

        private void closeQuietly(Closeable c) {
            if (c == null) return;
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("Closing the log stream of {} failed: {}", container, e.toString());
            }
        }

        /**
         * Gets its tail, then what the stream brought meanwhile, then the stream's lines as they come: in that order
         * because each goes out under its lock (the stream's thread waits while a newcomer's tail is written, as it
         * waits on every write of its subscribers).
         */
        final class Subscriber {
            private final LineSink lines;
            private final Runnable ended;
            /** Left, dropped or ended: no more lines, and ended runs at most once. */
            private final AtomicBoolean done = new AtomicBoolean();
            /** The stream's lines until the tail is out; null after. */
            private List<String> held = new ArrayList<>();
            private boolean endAfterTail;

            Subscriber(LineSink lines, Runnable ended) {
                this.lines = lines;
                this.ended = ended;
            }

            synchronized void catchUp(List<String> tail) {
                List<String> live = held.subList(overlap(tail, held), held.size());
                held = null;
                tail.forEach(this::deliver);
                live.forEach(this::deliver);
                if (endAfterTail) finish();
            }

            synchronized void live(String line) {
                if (held != null) held.add(line);
                else deliver(line);
            }

            synchronized void streamEnded() {
                if (held != null) endAfterTail = true;
                else finish();
            }

            void leave() {
                done.set(true);
                remove(this);
            }

            private void finish() {
                if (done.compareAndSet(false, true)) ended.run();
            }

            private void deliver(String line) {
                if (done.get()) return;
                try {
                    lines.line(line);
                } catch (RuntimeException e) {
                    LOG.warn("A follower of the log of {} failed; it gets no more lines", container, e);
                    leave();
                }
            }
        }
    }

    /** How many of the held lines the tail ends with: the longest start of them that is the tail's end. */
    private static int overlap(List<String> tail, List<String> held) {
        for (int k = Math.min(tail.size(), held.size()); k > 0; k--) {
            if (tail.subList(tail.size() - k, tail.size()).equals(held.subList(0, k))) return k;
        }
        return 0;
    }
}
