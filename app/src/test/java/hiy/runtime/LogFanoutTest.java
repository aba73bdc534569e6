package hiy.runtime;

import hiy.model.LineSink;
import org.junit.jupiter.api.Test;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many followers of one container's log on one engine stream, each with its own tail, against a fake engine. */
class LogFanoutTest {
    private static final String WEB = "hiy-f4ce0001-blog-v1-web-1";

    /** The engine's side: the follows it opened, which the test feeds and ends by hand, and the tails it reads. */
    private static final class Engine {
        final List<Follow> follows = Collections.synchronizedList(new ArrayList<>());
        final List<String> tailReads = Collections.synchronizedList(new ArrayList<>());
        /** What the log file holds; the tail read returns its end. */
        final List<String> written = Collections.synchronizedList(new ArrayList<>());
        /** Runs during each tail read: what happens in the log meanwhile. */
        Runnable duringTailRead = () -> { };

        Closeable follow(String container, int tail, LineSink lines, Runnable ended) {
            Follow f = new Follow(container, tail, lines, ended);
            follows.add(f);
            return () -> f.closed = true;
        }

        List<String> lastLines(String container, int n) {
            tailReads.add(container + " " + n);
            duringTailRead.run();
            synchronized (written) {
                return List.copyOf(written.subList(Math.max(0, written.size() - n), written.size()));
            }
        }

        /** The app writes a line: it goes to the log and to every open follow of it. */
        void write(String line) {
            written.add(line);
            for (Follow f : List.copyOf(follows)) {
                if (!f.closed) f.lines.line(line);
            }
        }

        Follow only() {
            assertEquals(1, follows.size(), "follows opened: " + follows);
            return follows.get(0);
        }
    }

    private static final class Follow {
        final String container;
        final int tail;
        final LineSink lines;
        final Runnable ended;
        volatile boolean closed;

        Follow(String container, int tail, LineSink lines, Runnable ended) {
            this.container = container;
            this.tail = tail;
            this.lines = lines;
            this.ended = ended;
        }
    }

    /** A subscriber that notes what it got, its end included. */
    private static final class Client {
        final List<String> got = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger ends = new AtomicInteger();

        LineSink lines() {
            return got::add;
        }

        Runnable ended() {
            return ends::incrementAndGet;
        }
    }

    private final Engine engine = new Engine();
    private final LogFanout fanout = new LogFanout(engine::follow, engine::lastLines);

    private Closeable subscribe(Client c, int tail) {
        return fanout.subscribe(WEB, tail, c.lines(), c.ended());
    }

    @Test
    void twoSubscribersShareOneLiveFollowAndEachGetsEveryLine() throws Exception {
        Client a = new Client();
        Client b = new Client();
        Closeable ca = subscribe(a, 0);
        Closeable cb = subscribe(b, 0);
        Follow f = engine.only();
        assertEquals(WEB, f.container);
        assertEquals(0, f.tail, "the shared follow brings live lines only; tails come from the tail reader");
        assertEquals(1, fanout.open());
        assertEquals(List.of(), engine.tailReads, "no tail asked, none read");

        engine.write("GET / 200");
        assertEquals(List.of("GET / 200"), a.got);
        assertEquals(List.of("GET / 200"), b.got);

        ca.close();
        assertFalse(f.closed, "b still follows");
        assertEquals(1, fanout.open());
        engine.write("GET /about 200");
        assertEquals(List.of("GET / 200"), a.got, "a left");
        assertEquals(List.of("GET / 200", "GET /about 200"), b.got);

        cb.close();
        assertTrue(f.closed, "the last one out closes the follow");
        assertEquals(0, fanout.open());
        cb.close();
        assertEquals(0, fanout.open(), "closing twice is harmless");
        assertEquals(0, a.ends.get() + b.ends.get(), "leaving is not an end of the log");
    }

    @Test
    void aLateSubscriberGetsItsTailThenLiveLinesInOrderAndAnOverlappingLineOnce() {
        Client first = new Client();
        subscribe(first, 0);
        engine.write("one");
        engine.write("two");
        engine.duringTailRead = () -> engine.write("three");

        Client late = new Client();
        subscribe(late, 2);
        assertEquals(List.of(WEB + " 2"), engine.tailReads);
        assertEquals(List.of("two", "three"), late.got,
                "its tail, read after it joined: three came live too, and shows once");
        engine.write("four");
        assertEquals(List.of("two", "three", "four"), late.got);
        assertEquals(List.of("one", "two", "three", "four"), first.got);
        engine.only();
    }

    @Test
    void liveLinesThatComeDuringTheTailReadButAfterItsEndFollowTheTail() {
        subscribe(new Client(), 0);
        engine.write("one");
        engine.duringTailRead = () -> {
            engine.written.add("two");
            engine.only().lines.line("two");
            engine.only().lines.line("three"); // written after the read had ended on two
        };
        Client late = new Client();
        subscribe(late, 5);
        assertEquals(List.of("one", "two", "three"), late.got);
    }

    @Test
    void theFirstSubscriberReadsItsTailOnlyOnceTheFollowIsOpen() {
        engine.write("before");
        List<Integer> followsAtTailRead = new ArrayList<>();
        engine.duringTailRead = () -> followsAtTailRead.add(engine.follows.size());
        Client c = new Client();
        subscribe(c, 10);
        assertEquals(List.of(1), followsAtTailRead, "a line written between the two would be lost otherwise");
        engine.write("after");
        assertEquals(List.of("before", "after"), c.got);
    }

    @Test
    void whenTheLogEndsEverySubscriberEndsOnceAndTheNextOneOpensAFreshFollow() throws Exception {
        Client a = new Client();
        Client b = new Client();
        Closeable ca = subscribe(a, 0);
        subscribe(b, 0);
        Follow old = engine.only();
        old.ended.run();
        assertEquals(1, a.ends.get());
        assertEquals(1, b.ends.get());
        assertEquals(0, fanout.open());
        old.ended.run();
        ca.close();
        assertEquals(1, a.ends.get(), "ended runs once, and closing after it is harmless");
        assertEquals(1, b.ends.get());

        Client c = new Client();
        subscribe(c, 0);
        assertEquals(2, engine.follows.size(), "a new follow for a new subscriber");
        assertEquals(1, fanout.open());
        engine.follows.get(1).lines.line("back");
        assertEquals(List.of("back"), c.got);
        assertEquals(List.of(), a.got);
    }

    @Test
    void aLogThatEndsWhileASubscriberReadsItsTailEndsAfterThatTail() {
        subscribe(new Client(), 0);
        engine.write("last words");
        engine.duringTailRead = () -> engine.only().ended.run();
        List<String> late = new ArrayList<>();
        fanout.subscribe(WEB, 1, late::add, () -> late.add("(ended)"));
        assertEquals(List.of("last words", "(ended)"), late);
        assertEquals(0, fanout.open());
    }

    @Test
    void aContainerWhoseLogEndsBeforeItsFollowOpensEndsItsSubscriberAndLeavesNothingOpen() {
        LogFanout gone = new LogFanout((container, tail, lines, ended) -> {
            ended.run(); // no such container: the engine's stream ends before it is handed out
            return () -> { };
        }, (container, n) -> List.of("its last line"));
        Client c = new Client();
        gone.subscribe(WEB, 1, c.lines(), c.ended());
        assertEquals(List.of("its last line"), c.got);
        assertEquals(1, c.ends.get());
        assertEquals(0, gone.open());
    }

    @Test
    void aFollowThatCannotOpenFailsItsSubscriberAndIsForgotten() {
        IllegalStateException down = new IllegalStateException("Podman does not answer");
        LogFanout broken = new LogFanout((container, tail, lines, ended) -> {
            throw down;
        }, (container, n) -> List.of());
        Client c = new Client();
        assertSame(down, assertThrows(IllegalStateException.class, () -> broken.subscribe(WEB, 0, c.lines(), c.ended())));
        assertEquals(0, broken.open());
        assertEquals(0, c.ends.get());
    }

    @Test
    void aSubscriberWhoseSinkThrowsIsDroppedAndTheOthersGoOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Client dropped = new Client();
        fanout.subscribe(WEB, 0, line -> {
            calls.incrementAndGet();
            throw new IllegalStateException("broken client");
        }, dropped.ended());
        Client fine = new Client();
        Closeable cf = subscribe(fine, 0);

        engine.write("one");
        engine.write("two");
        assertEquals(1, calls.get(), "the broken one got its first line only");
        assertEquals(List.of("one", "two"), fine.got);
        assertEquals(1, fanout.open());
        cf.close();
        assertTrue(engine.only().closed, "the dropped one does not hold the follow open");
        assertEquals(0, fanout.open());
        assertEquals(0, dropped.ends.get());
    }

    @Test
    void subscribersOnOtherThreadsAllGetEveryLineOnOneFollow() throws Exception {
        int clients = 8;
        List<Client> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch subscribed = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            Client c = new Client();
            all.add(c);
            threads.add(new Thread(() -> {
                subscribe(c, 0);
                subscribed.countDown();
            }));
        }
        threads.forEach(Thread::start);
        assertTrue(subscribed.await(10, TimeUnit.SECONDS));
        for (Thread t : threads) t.join();
        engine.write("for everyone");
        engine.only();
        for (Client c : all) assertEquals(List.of("for everyone"), c.got);
    }
}
