package hiy.commands;

import hiy.store.Webhooks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "webhooks:unset", mixinStandardHelpOptions = true,
        description = "Unlink the app's repository: its webhook deliveries are refused from now on.",
        footer = {"", "Example: ssh hiy@box webhooks:unset blog", "Exit status: 0, 1 unknown app or no webhook."})
final class WebhooksUnsetCommand extends HiyCommand {
    private final Webhooks webhooks;

    @Parameters(paramLabel = "APP")
    String name;

    WebhooksUnsetCommand(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        if (!webhooks.unset(name)) throw new UserError(name + " has no webhook; see: ssh " + hostHint() + " webhooks " + name);
        out().println("Unlinked " + name + "; remove the webhook in the repository's settings too.");
        return OK;
    }

    @Override protected String auditAction() { return "webhooks:unset " + name; }
    @Override protected String auditApp() { return name; }
}
