package hiy.commands;

import hiy.routing.RoutingFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "maintenance:off", mixinStandardHelpOptions = true,
        description = "End the app's maintenance: its names serve the app again.",
        footer = {"", "Example: ssh hiy@box maintenance:off blog", "Exit status: 0, 1 unknown app, 2 Caddy refused the route."})
final class MaintenanceOffCommand extends HiyCommand {
    private final MaintenanceMode mode;

    @Parameters(paramLabel = "APP")
    String name;

    MaintenanceOffCommand(MaintenanceMode mode) {
        this.mode = mode;
    }

    @Override
    protected int execute() throws UserError, RoutingFailure {
        app(name);
        return mode.set(this, name, false);
    }

    @Override protected String auditAction() { return "maintenance:off " + name; }
    @Override protected String auditApp() { return name; }
}
