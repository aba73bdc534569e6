package hiy.commands;

import hiy.sshd.TerminalText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "domains", mixinStandardHelpOptions = true, description = "List the host names routed to an app.",
        footer = {"", "Example: ssh hiy@box domains blog", "Exit status: 0, 1 unknown app."})
final class DomainsCommand extends HiyCommand {
    @Parameters(paramLabel = "APP")
    String name;

    @Override
    protected int execute() throws UserError {
        app(name);
        for (String host : hiy.routes().hosts(name)) {
            out().println(TerminalText.escape(host + "  " + hiy.routes().urlOfHost(host)));
        }
        return OK;
    }
}
