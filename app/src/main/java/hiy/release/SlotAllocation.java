package hiy.release;

import hiy.model.LineSink;
import hiy.routing.RouteTable;
import hiy.routing.RoutingFailure;
import hiy.store.Apps;
import hiy.store.Apps.App;
import hiy.store.Processes;
import hiy.store.Processes.AppProcess;

import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Which of an app's slots a new web process gets. */
final class SlotAllocation {
    private final Apps apps;
    private final Processes processes;
    private final RouteTable routes;

    SlotAllocation(Apps apps, Processes processes, RouteTable routes) {
        this.apps = apps;
        this.processes = processes;
        this.routes = routes;
    }

    /**
     * A slot of the app's pool that no container of the app holds, moved to another port if something outside HIY
     * took it since the app was created. Moving changes the app's route, the one case where a switch touches
     * Caddy's config.
     */
    int freeSlot(String appName, LineSink log) throws SwitchFailure {
        App app = apps.find(appName).orElseThrow();
        OptionalInt unheld = firstUnheld(app);
        if (unheld.isEmpty()) {
            throw new SwitchFailure("all " + app.slots().size() + " slots of " + appName + " are in use; scale web"
                    + " down or raise HIY_MAX_WEB on the server");
        }
        int slot = unheld.getAsInt();
        Optional<String> taken = Slots.taken(slot);
        if (taken.isEmpty()) return slot;
        int moved = Slots.pick(apps.usedSlots(), 1)[0];
        apps.replaceSlot(appName, slot, moved);
        log.line("       port " + slot + " " + taken.get() + "; " + appName + " now uses " + moved);
        applyRoutes();
        return moved;
    }

    /** The slot {@link #freeSlot} would try now (not checked, not moved): where a web process will likely start. */
    OptionalInt likelyFree(String appName) {
        Optional<App> app = apps.find(appName);
        return app.isEmpty() ? OptionalInt.empty() : firstUnheld(app.get());
    }

    /** The first slot of the app's pool that no web process of the app holds. */
    private OptionalInt firstUnheld(App app) {
        Set<Integer> held = new HashSet<>();
        processes.of(app.name()).stream().filter(AppProcess::isWeb).forEach(p -> held.add(p.port()));
        return app.slots().stream().filter(slot -> !held.contains(slot)).mapToInt(Integer::intValue).findFirst();
    }

    /** Hands Caddy the routes as they stand now: after a change of whether an app has upstreams, or of its slots. */
    void applyRoutes() throws SwitchFailure {
        try {
            routes.apply();
        } catch (RoutingFailure e) {
            throw new SwitchFailure("Caddy refused the new route: " + e.getMessage());
        }
    }
}
