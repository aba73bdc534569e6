package hiy.commands;

import hiy.routing.RoutingFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "maintenance:on", mixinStandardHelpOptions = true,
        description = "Put the app in maintenance: its names answer 503 with a maintenance page; its processes keep"
                + " running (run, logs and workers work as before).",
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
    static int set(HiyCommand command, String app, boolean on) throws RoutingFailure {
        boolean was = command.hiy.maintenance().on(app);
        command.hiy.maintenance().set(app, on);
        try {
            command.hiy.routes().apply();
        } catch (RoutingFailure e) {
            command.hiy.maintenance().set(app, was);
            throw e;
        }
        command.out().println(on
                ? app + " is in maintenance: " + command.hiy.routes().url(app) + " answers 503; its processes keep"
                        + " running. End it with: ssh " + command.hostHint() + " maintenance:off " + app
                : app + " is out of maintenance: " + command.hiy.routes().url(app) + " serves the app again.");
        return OK;
    }

    @Override protected String auditAction() { return "maintenance:on " + name; }
    @Override protected String auditApp() { return name; }
}
