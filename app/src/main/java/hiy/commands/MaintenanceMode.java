package hiy.commands;

import hiy.repos.AppRepositories;
import hiy.repos.MaintenancePage;
import hiy.routing.RouteTable;
import hiy.routing.RoutingFailure;
import hiy.store.Apps;
import hiy.store.Maintenance;
import hiy.store.Releases;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** Turning an app's maintenance page on and off, for maintenance:on and maintenance:off. */
final class MaintenanceMode {
    private final Maintenance maintenance;
    private final RouteTable routes;
    private final Apps apps;
    private final Releases releases;
    private final AppRepositories repositories;

    MaintenanceMode(Maintenance maintenance, RouteTable routes, Apps apps, Releases releases,
                    AppRepositories repositories) {
        this.maintenance = maintenance;
        this.routes = routes;
        this.apps = apps;
        this.releases = releases;
        this.repositories = repositories;
    }

    /** One place for both commands: stored, then Caddy told; the store is put back if Caddy refuses. */
    int set(HiyCommand command, String app, boolean on) throws RoutingFailure, UserError {
        Map<String, Optional<String>> before = maintenance.pages();
        MaintenancePage.Found page = on ? ownPage(app) : MaintenancePage.Found.none();
        maintenance.set(app, on, page.html());
        try {
            routes.apply();
        } catch (RoutingFailure e) {
            maintenance.set(app, before.containsKey(app), before.getOrDefault(app, Optional.empty()));
            throw e;
        }
        page.why().ifPresent(why -> command.context.err().println(" !     " + why));
        command.out().println(on
                ? app + " is in maintenance: " + routes.url(app) + " answers 503 with "
                        + (page.html().isPresent() ? "its own " + MaintenancePage.FILE : "HIY's maintenance page")
                        + "; its processes keep running. End it with: ssh " + command.hostHint() + " maintenance:off " + app
                : app + " is out of maintenance: " + routes.url(app) + " serves the app again.");
        return HiyCommand.OK;
    }

    /** The page in the live release's commit; none before the first deploy. */
    private MaintenancePage.Found ownPage(String app) throws UserError {
        Releases.Release live = releases.current(apps.find(app).orElseThrow()).orElse(null);
        if (live == null) return MaintenancePage.Found.none();
        try {
            return MaintenancePage.read(repositories.repoDir(app), live.sha());
        } catch (IOException | RuntimeException e) {
            throw new UserError("could not read " + MaintenancePage.FILE + " of release v" + live.version() + " ("
                    + e.getMessage() + "); is the repository of " + app + " intact? Push again, then retry");
        }
    }
}
