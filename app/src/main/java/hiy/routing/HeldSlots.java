package hiy.routing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The slots Caddy must not send requests to, each held out of rotation again and again before its last hold runs
 * out. Caddy 2.6 would otherwise find a free slot by sending a request there, and a request with a body that it
 * then retries on the other slot is lost (502, caddyserver/caddy#7546).
 */
final class HeldSlots implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeldSlots.class);

    private final Router router;
    /** Guarded by itself: a slot given back gets no hold from a renewal already under way. */
    private final Set<Integer> held = new HashSet<>();
    private final ScheduledExecutorService renewal = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "held-slots");
        t.setDaemon(true);
        return t;
    });

    HeldSlots(Router router, Duration renewEvery) {
        this.router = router;
        renewal.scheduleWithFixedDelay(this::renew, renewEvery.toMillis(), renewEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops holding the slot; whether it was held (then Caddy still avoids it until the last hold runs out). */
    boolean giveBack(int port) {
        synchronized (held) {
            return held.remove(port);
        }
    }

    /** Holds these slots out too, from before this returns. */
    void hold(Collection<Integer> ports) {
        synchronized (held) {
            List<Integer> added = ports.stream().filter(held::add).toList();
            if (!added.isEmpty()) holdOut(added);
        }
    }

    /** Holds exactly these slots out from now on; those newly held are held before this returns. */
    void holdOnly(Set<Integer> ports) {
        synchronized (held) {
            held.retainAll(ports);
            hold(ports);
        }
    }

    private void renew() {
        synchronized (held) {
            if (held.isEmpty()) return;
            try {
                router.holdOut(held);
            } catch (RoutingFailure e) {
                // Caddy is down or restarting; the supervisor brings it back, and the next renewal holds them again.
                LOG.debug("could not hold slots {} out: {}", held, e.getMessage());
            }
        }
    }

    private void holdOut(List<Integer> ports) {
        try {
            router.holdOut(ports);
        } catch (RoutingFailure e) {
            // Caddy is down or restarting; the supervisor brings it back, and the next renewal holds them again.
            LOG.debug("could not hold slots {} out: {}", ports, e.getMessage());
        }
    }

    @Override
    public void close() {
        renewal.shutdownNow();
    }
}
