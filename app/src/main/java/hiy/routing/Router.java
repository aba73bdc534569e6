package hiy.routing;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** The seam to the HTTP front: makes the routed set of apps exactly the given one. */
public interface Router {
    /** Applies the desired routes; does nothing (and so closes no connection) if they are already in place. */
    void apply(List<AppRoute> routes) throws RoutingFailure;

    /** Requests the router is proxying to 127.0.0.1:port right now. */
    int inFlight(int port) throws RoutingFailure;

    /** Keeps the router from sending new requests to 127.0.0.1:port for {@link RouteTable#HOLD} from now. */
    void holdOut(int port) throws RoutingFailure;

    /** {@link #holdOut(int)} for each port, side by side; returns once all are held. */
    default void holdOut(Collection<Integer> ports) throws RoutingFailure {
        for (int port : ports) holdOut(port);
    }

    /**
     * {@link #holdOut(int)} without waiting for it: the future completes once the slot is held (exceptionally, with
     * a {@link RoutingFailure}, if it could not be); brief: for {@link RouteTable#BRIEF_HOLD} only (a slot about to
     * serve). This default runs it on {@code executor}; a router that can send the hold without a waiting thread
     * does so.
     */
    default CompletableFuture<Void> holdOutAsync(int port, boolean brief, Executor executor) {
        return CompletableFuture.runAsync(() -> {
            try {
                holdOut(port);
            } catch (RoutingFailure e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    /** Whether the router would send a request to 127.0.0.1:port (nothing holds it out, no recent failure). */
    boolean usable(int port) throws RoutingFailure;
}
