package hiy.commands;

import hiy.routing.RouteTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "apps:create", mixinStandardHelpOptions = true,
        description = "Create an app without pushing (admins; a first push creates it too).",
        footer = {"", "Example: ssh hiy@box apps:create blog", "Exit status: 0 created, 1 bad or reserved name, exists, or not an admin."})
// Admins only: AppLifecycle holds that rule for this command and the API alike, so it is not @AdminOnly here.
final class AppsCreateCommand extends HiyCommand {
    private final AppLifecycle lifecycle;
    private final RouteTable routes;

    @Parameters(paramLabel = "APP")
    String name;

    AppsCreateCommand(AppLifecycle lifecycle, RouteTable routes) {
        this.lifecycle = lifecycle;
        this.routes = routes;
    }

    @Override
    protected int execute() throws Exception {
        lifecycle.create(who(), name);
        out().println("Created " + name + ". Deploy it: " + pushCommand(name));
        out().println("It will be served at " + routes.url(name));
        return OK;
    }

    @Override protected String auditAction() { return "apps:create " + name; }
    @Override protected String auditApp() { return name; }
}
