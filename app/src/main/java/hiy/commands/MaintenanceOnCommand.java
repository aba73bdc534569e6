package hiy.commands;

import hiy.repos.MaintenancePage;
import hiy.routing.RoutingFailure;
import hiy.store.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

@Command(name = "maintenance:on", mixinStandardHelpOptions = true,
        description = "Put the app in maintenance: its names answer 503 with a maintenance page (the app's own"
                + " maintenance.html, when the live release's commit has one at the top, else HIY's); its processes keep"
                + " running (run, logs and workers work as before). Run it again to show a page deployed since.",
        footer = {"", "Example: ssh hiy@box maintenance:on blog", "Exit status: 0, 1 unknown app, 2 Caddy refused the route."})
final class MaintenanceOnCommand extends HiyCommand {
    @Parameters(paramLabel = "APP")
    String name;

    @Override
    protected int execute() throws UserError, RoutingFailure {
        app(name);
        return set(this, name, true);
    }

    /** One place for both commands: stored, then Caddy told; the store is put back if Caddy refuses. */
    static int set(HiyCommand command, String app, boolean on) throws RoutingFailure, UserError {
        Map<String, Optional<String>> before = command.hiy.maintenance().pages();
        MaintenancePage.Found page = on ? ownPage(command, app) : MaintenancePage.Found.none();
        command.hiy.maintenance().set(app, on, page.html());
        try {
            command.hiy.routes().apply();
        } catch (RoutingFailure e) {
            command.hiy.maintenance().set(app, before.containsKey(app), before.getOrDefault(app, Optional.empty()));
            throw e;
        }
        page.why().ifPresent(why -> command.context.err().println(" !     " + why));
        command.out().println(on
                ? app + " is in maintenance: " + command.hiy.routes().url(app) + " answers 503 with "
                        + (page.html().isPresent() ? "its own " + MaintenancePage.FILE : "HIY's maintenance page")
                        + "; its processes keep running. End it with: ssh " + command.hostHint() + " maintenance:off " + app
                : app + " is out of maintenance: " + command.hiy.routes().url(app) + " serves the app again.");
        return OK;
    }

    /** The page in the live release's commit; none before the first deploy. */
    private static MaintenancePage.Found ownPage(HiyCommand command, String app) throws UserError {
        Releases.Release live = Releasing.current(command, command.hiy.apps().find(app).orElseThrow());
        if (live == null) return MaintenancePage.Found.none();
        try {
            return MaintenancePage.read(command.hiy.repositories().repoDir(app), live.sha());
        } catch (IOException | RuntimeException e) {
            throw new UserError("could not read " + MaintenancePage.FILE + " of release v" + live.version() + " ("
                    + e.getMessage() + "); is the repository of " + app + " intact? Push again, then retry");
        }
    }

    @Override protected String auditAction() { return "maintenance:on " + name; }
    @Override protected String auditApp() { return name; }
}
