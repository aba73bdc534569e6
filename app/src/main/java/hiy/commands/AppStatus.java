package hiy.commands;

import hiy.release.ExpectedProcesses;
import hiy.release.Supervisor;
import hiy.store.Apps;
import hiy.store.Releases;

/** The one word `apps` shows for an app, and the HTTP API returns: new, stopped, crash-loop, static, idle, running,
 * degraded, crashed. */
public final class AppStatus {
    /** A static site's: served by Caddy from its files, no process runs. */
    public static final String STATIC = "static";

    private final Supervisor supervisor;
    private final Releases releases;
    private final ExpectedProcesses expected;

    public AppStatus(Supervisor supervisor, Releases releases, ExpectedProcesses expected) {
        this.supervisor = supervisor;
        this.releases = releases;
        this.expected = expected;
    }

    public String of(Apps.App a) {
        if (a.currentRelease() == null) return "new";
        if (a.stopped()) return "stopped";
        // A crash loop shows even while the app is briefly up between two crashes.
        if (supervisor.health(a.name()).crashLoop()) return "crash-loop";
        if (releases.find(a.name(), a.currentRelease()).map(Releases.Release::isStatic).orElse(false)) {
            return STATIC;
        }
        Releasing.Running running = Releasing.running(expected, a);
        if (running.expected() == 0) return "idle";
        if (running.all()) return "running";
        return running.up() == 0 ? "crashed" : "degraded";
    }
}
