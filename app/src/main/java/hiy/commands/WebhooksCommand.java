package hiy.commands;

import hiy.routing.RouteTable;
import hiy.store.Webhooks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "webhooks", mixinStandardHelpOptions = true,
        description = "Show the app's GitHub webhook: repository, branch, payload URL, who it deploys as (not its secret).",
        footer = {"", "Example: ssh hiy@box webhooks blog", "Exit status: 0, 1 unknown app."})
final class WebhooksCommand extends HiyCommand {
    private final RouteTable routes;
    private final Webhooks webhooks;

    @Parameters(paramLabel = "APP")
    String name;

    WebhooksCommand(RouteTable routes, Webhooks webhooks) {
        this.routes = routes;
        this.webhooks = webhooks;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        var hook = webhooks.of(name);
        if (hook.isEmpty()) {
            out().println(name + " has no webhook. Link a repository: ssh " + hostHint() + " webhooks:set " + name
                    + " https://github.com/OWNER/REPO.git");
            return OK;
        }
        Webhooks.Webhook h = hook.get();
        new TextTable().row("Repository", h.repoUrl()).row("Branch", h.branch())
                .row("Payload URL", WebhooksSetCommand.payloadUrl(routes, name)).row("Deploys as", h.user())
                .row("Deploy key", h.deployPublic() == null ? "(none: set the webhook again to make one)" : h.deployPublic())
                .print(out());
        return OK;
    }
}
