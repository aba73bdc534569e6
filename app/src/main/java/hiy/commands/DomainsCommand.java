package hiy.commands;

import hiy.routing.RouteTable;
import hiy.sshd.TerminalText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "domains", mixinStandardHelpOptions = true, description = "List the host names routed to an app.",
        footer = {"", "Example: ssh hiy@box domains blog", "Exit status: 0, 1 unknown app."})
final class DomainsCommand extends HiyCommand {
    private final RouteTable routes;

    @Parameters(paramLabel = "APP")
    String name;

    DomainsCommand(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        for (String host : routes.hosts(name)) {
            out().println(TerminalText.escape(host + "  " + routes.urlOfHost(host)));
        }
        return OK;
    }
}
