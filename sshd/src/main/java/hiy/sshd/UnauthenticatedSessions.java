package hiy.sshd;

import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the sessions that have not logged in yet, each of which costs memory until it does or times out, so that
 * a flood of connections can neither exhaust HIY's heap nor lock a user out.
 * <ul>
 * <li>At most {@link #PER_ADDRESS} from one client address: more are closed as soon as they connect.</li>
 * <li>At most {@link #TOTAL} in all: beyond that a new session is let in and the oldest session of the address that
 * holds the most is closed, so a newcomer from an address of its own always gets its turn to log in.</li>
 * </ul>
 * How long each may take is MINA's auth timeout, set by {@link SshDaemon}.
 */
final class UnauthenticatedSessions implements SessionListener {
    static final int PER_ADDRESS = 10;
    static final int TOTAL = 100;
    /** A flood is refused thousands of times a second: one line per address and second is enough to count it. */
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Waiter(Session session, long since) { }

    /** One address's sessions, oldest first. */
    private static final class Waiting {
        final Deque<Waiter> waiters = new ArrayDeque<>();
        long lastLogged = System.nanoTime() - LOG_EVERY_NANOS;
    }

    /** The most sessions first; of addresses with as many, the one whose oldest session is oldest. */
    private static final Comparator<Waiting> EVICT_FIRST = Comparator.comparingInt((Waiting w) -> w.waiters.size())
            .thenComparingLong(w -> -w.waiters.getFirst().since());

    private final Map<InetAddress, Waiting> byAddress = new HashMap<>();
    private int total;

    @Override
    public void sessionCreated(Session session) {
        InetAddress address = address(session);
        Session evicted = null;
        boolean refused;
        boolean logRefusal;
        boolean logEviction = false;
        synchronized (this) {
            Waiting mine = byAddress.get(address);
            refused = mine != null && mine.waiters.size() >= PER_ADDRESS;
            logRefusal = refused && due(mine);
            if (!refused) {
                if (total >= TOTAL) {
                    Waiting busiest = byAddress.values().stream().max(EVICT_FIRST).orElseThrow();
                    evicted = busiest.waiters.getFirst().session();
                    logEviction = due(busiest);
                    forget(evicted);
                }
                byAddress.computeIfAbsent(address, a -> new Waiting()).waiters.addLast(new Waiter(session, System.nanoTime()));
                total++;
            }
        }
        if (refused) {
            if (logRefusal) Refusals.log(session, null, null, null, "too-many-unauthenticated-from-address");
            session.close(true);
        }
        if (evicted != null) {
            if (logEviction) Refusals.log(evicted, null, null, null, "too-many-unauthenticated");
            evicted.close(true);
        }
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event == Event.Authenticated) forget(session);
    }

    @Override
    public void sessionClosed(Session session) {
        forget(session);
    }

    private synchronized void forget(Session session) {
        InetAddress address = address(session);
        Waiting waiting = byAddress.get(address);
        if (waiting == null || !waiting.waiters.removeIf(w -> w.session() == session)) return;
        total--;
        if (waiting.waiters.isEmpty()) byAddress.remove(address);
    }

    private static boolean due(Waiting waiting) {
        long now = System.nanoTime();
        if (now - waiting.lastLogged < LOG_EVERY_NANOS) return false;
        waiting.lastLogged = now;
        return true;
    }

    private static InetAddress address(Session session) {
        SocketAddress address = session.getIoSession().getRemoteAddress();
        return address instanceof InetSocketAddress inet ? inet.getAddress() : InetAddress.getLoopbackAddress();
    }
}
