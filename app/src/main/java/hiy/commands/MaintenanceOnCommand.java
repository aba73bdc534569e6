package hiy.commands;

import hiy.routing.RoutingFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "maintenance:on", mixinStandardHelpOptions = true,
        description = "Put the app in maintenance: its names answer 503 with a maintenance page (the app's own"
                + " maintenance.html, when the live release's commit has one at the top, else HIY's); its processes keep"
                + " running (run, logs and workers work as before). Run it again to show a page deployed since.",
        footer = {"", "Example: ssh hiy@box maintenance:on blog", "Exit status: 0, 1 unknown app, 2 Caddy refused the route."})
final class MaintenanceOnCommand extends HiyCommand {
    private final MaintenanceMode mode;

    @Parameters(paramLabel = "APP")
    String name;

    MaintenanceOnCommand(MaintenanceMode mode) {
        this.mode = mode;
    }

    @Override
    protected int execute() throws UserError, RoutingFailure {
        app(name);
        return mode.set(this, name, true);
    }

    @Override protected String auditAction() { return "maintenance:on " + name; }
    @Override protected String auditApp() { return name; }
}
