package hiy.commands;

import hiy.store.Apps;
import hiy.store.Releases;

/** The one word `apps` shows for an app, and the HTTP API returns: new, stopped, crash-loop, static, idle, running,
 * degraded, crashed. */
public final class AppStatus {
    /** A static site's: served by Caddy from its files, no process runs. */
    public static final String STATIC = "static";

    private AppStatus() { }

    public static String of(Services hiy, Apps.App a) {
        if (a.currentRelease() == null) return "new";
        if (a.stopped()) return "stopped";
        // A crash loop shows even while the app is briefly up between two crashes.
        if (hiy.supervisor().health(a.name()).crashLoop()) return "crash-loop";
        if (hiy.releases().find(a.name(), a.currentRelease()).map(Releases.Release::isStatic).orElse(false)) {
            return STATIC;
        }
        Releasing.Running running = Releasing.running(hiy, a);
        if (running.expected() == 0) return "idle";
        if (running.all()) return "running";
        return running.up() == 0 ? "crashed" : "degraded";
    }
}
