package hiy.routing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The slots Caddy must not send requests to, each held out of rotation again and again before its last hold runs
 * out. Caddy 2.6 would otherwise find a free slot by sending a request there, and a request with a body that it
 * then retries on the other slot is lost (502, caddyserver/caddy#7546).
 *
 * <p>Each slot's hold is renewed on its own: a hold can hang (a slot whose container is being torn down may swallow
 * the dial until it times out), and one hanging hold must not let every other slot's hold run out meanwhile.
 *
 * <p>A slot whose new container is starting ({@link #shorten}) gets brief holds, renewed more often, from then on:
 * when it is given back, Caddy takes it within a brief hold instead of a whole one. The whole holds sent before
 * still cover the first {@link RouteTable#HOLD} of its start, so only a start slower than that rests on the brief
 * ones alone.
 */
final class HeldSlots implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeldSlots.class);

    private final Router router;
    /** Guarded by itself, with {@link #inFlight}: a slot given back gets no hold from a renewal already under way. */
    private final Set<Integer> held = new HashSet<>();
    /** The held slots that get brief holds (a subset of {@link #held}, guarded by it). */
    private final Set<Integer> brief = new HashSet<>();
    /** The hold sent to each slot that has not answered yet; a slot gets no second one meanwhile. */
    private final Map<Integer, Future<?>> inFlight = new HashMap<>();
    private final ScheduledExecutorService renewal = Executors.newSingleThreadScheduledExecutor(daemon("held-slots"));
    /** Only for a router that cannot send a hold without a thread waiting on it (Caddy's can). */
    private final ExecutorService holds = Executors.newCachedThreadPool(daemon("held-slot"));

    HeldSlots(Router router, Duration renewEvery, Duration renewBriefEvery) {
        this.router = router;
        renewal.scheduleWithFixedDelay(() -> renew(false), renewEvery.toMillis(), renewEvery.toMillis(), TimeUnit.MILLISECONDS);
        renewal.scheduleWithFixedDelay(() -> renew(true), renewBriefEvery.toMillis(), renewBriefEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** From now on the held slot gets brief holds (a first one at once); nothing if it is not held. */
    void shorten(int port) {
        synchronized (held) {
            if (held.contains(port) && brief.add(port)) send(port);
        }
    }

    /** Only these slots keep brief holds, if held; the others get whole ones again. */
    void briefOnly(Set<Integer> ports) {
        synchronized (held) {
            brief.retainAll(ports);
        }
    }

    /**
     * Stops holding the slot, once a hold of it still under way has landed; whether it was held (then Caddy still
     * avoids it until the last hold runs out).
     */
    boolean giveBack(int port) {
        Future<?> landing;
        boolean was;
        synchronized (held) {
            was = held.remove(port);
            brief.remove(port);
            landing = inFlight.get(port);
        }
        if (landing != null) await(landing);
        return was;
    }

    /** Holds these slots out too, from before this returns. */
    void hold(Collection<Integer> ports) {
        List<Future<?>> sent;
        synchronized (held) {
            sent = ports.stream().filter(held::add).map(this::send).toList();
        }
        sent.forEach(HeldSlots::await);
    }

    /** Holds exactly these slots out from now on; those newly held are held before this returns. */
    void holdOnly(Set<Integer> ports) {
        synchronized (held) {
            held.retainAll(ports);
            brief.retainAll(held);
        }
        hold(ports);
    }

    private void renew(boolean briefOnes) {
        synchronized (held) {
            for (int port : held) {
                if (brief.contains(port) == briefOnes) send(port);
            }
        }
    }

    /**
     * The hold of the slot under way, sent now unless one is already; called holding {@link #held}. No thread waits
     * on it ({@link Router#holdOutAsync}): many held slots cost no thread each.
     */
    private Future<?> send(int port) {
        Future<?> under = inFlight.get(port);
        if (under != null) return under;
        CompletableFuture<Void> hold = router.holdOutAsync(port, brief.contains(port), holds);
        inFlight.put(port, hold);
        // Runs at once here if the hold has landed already, else when it lands.
        hold.whenComplete((ok, failure) -> {
            synchronized (held) {
                inFlight.remove(port, hold);
            }
            // Caddy is down or restarting; the supervisor brings it back, and the next renewal holds it again.
            if (failure != null) LOG.debug("could not hold slot {} out: {}", port, failure.getMessage());
        });
        return hold;
    }

    private static void await(Future<?> hold) {
        try {
            hold.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | CancellationException e) {
            // the hold failed: the next renewal sends another
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        renewal.shutdownNow();
        holds.shutdownNow();
    }
}
