package hiy.release;

import hiy.routing.RouteTable;
import hiy.routing.RoutingFailure;
import hiy.runtime.ContainerRuntime;
import hiy.store.Processes.AppProcess;
import hiy.store.Processes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Retires processes without dropping a request: every web slot among them is held out of Caddy's rotation and shut to
 * new connections (Caddy sends new requests to the app's other slots), the requests already on them finish (bounded by the grace period), and only
 * then does each container get SIGTERM, and SIGKILL after the grace. Containers stop side by side, so retiring
 * several costs one grace period, not one each.
 */
final class Drain {
    private static final long POLL_MILLIS = 20;

    private final SlotGate gate;
    private final RouteTable routes;
    private final ContainerRuntime runtime;
    private final Processes processes;

    Drain(SlotGate gate, RouteTable routes, ContainerRuntime runtime, Processes processes) {
        this.gate = gate;
        this.routes = routes;
        this.runtime = runtime;
        this.processes = processes;
    }

    void retire(List<AppProcess> retiring, Duration grace) {
        if (retiring.isEmpty()) return;
        List<Integer> ports = retiring.stream().filter(AppProcess::isWeb).map(AppProcess::port).toList();
        // Out of Caddy's rotation first, so no new request is sent there (not even one that finds the gate shut).
        routes.withhold(ports);
        ports.forEach(gate::shut);
        try {
            // Held out, the slots get no new request even where the gate cannot shut them (HIY without root).
            awaitDrained(ports, grace);
            stopAll(retiring, grace);
        } finally {
            ports.forEach(gate::open);
        }
        retiring.forEach(p -> processes.remove(p.container()));
        routes.restore(ports);
    }

    private void stopAll(List<AppProcess> retiring, Duration grace) {
        List<Thread> stops = new ArrayList<>();
        for (AppProcess p : retiring) {
            Thread t = new Thread(() -> runtime.stopAndRemove(p.container(), grace), "hiy-stop-" + p.container());
            t.start();
            stops.add(t);
        }
        for (Thread t : stops) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void awaitDrained(List<Integer> ports, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (int port : ports) {
                while (routes.inFlight(port) > 0 && System.nanoTime() < deadline) Thread.sleep(POLL_MILLIS);
            }
        } catch (RoutingFailure e) {
            // Caddy cannot tell: stop anyway, as without a drain.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
