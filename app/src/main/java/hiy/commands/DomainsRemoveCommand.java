package hiy.commands;

import hiy.routing.RouteTable;
import hiy.store.Domains;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Locale;

@Command(name = "domains:remove", mixinStandardHelpOptions = true, description = "Stop routing an extra host name to an app.",
        footer = {"", "Example: ssh hiy@box domains:remove blog www.example.com", "Exit status: 0, 1 not one of the app's names."})
final class DomainsRemoveCommand extends HiyCommand {
    private final Domains domains;
    private final RouteTable routes;

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1", paramLabel = "HOST")
    String host;

    DomainsRemoveCommand(Domains domains, RouteTable routes) {
        this.domains = domains;
        this.routes = routes;
    }

    @Override
    protected int execute() throws Exception {
        app(name);
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals(routes.host(name))) throw new UserError(h + " is the app's own name and cannot be removed");
        if (!domains.remove(name, h)) {
            throw new UserError(h + " is not routed to " + name + "; list its names: ssh " + hostHint() + " domains " + name);
        }
        routes.apply();
        out().println("Removed " + h + " from " + name);
        return OK;
    }

    @Override protected String auditAction() { return "domains:remove " + name + " " + host; }
    @Override protected String auditApp() { return name; }
}
