package hiy.commands;

import hiy.repos.DeployKey;
import hiy.repos.RemoteRepository;
import hiy.routing.RouteTable;
import hiy.store.Webhooks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.security.SecureRandom;
import java.util.HexFormat;

@Command(name = "webhooks:set", mixinStandardHelpOptions = true,
        description = "Deploy the app on every GitHub push to a branch: prints the payload URL and secret to add as the"
                + " repository's webhook, and a deploy key for a private repository.",
        footer = {"", "Example: ssh hiy@box webhooks:set blog https://github.com/me/blog.git --branch main",
                "         ssh hiy@box webhooks:set blog git@github.com:me/private-blog.git   (fetched with the deploy key)",
                "Setting it again makes a new secret and a new deploy key. Exit status: 0, 1 unknown app, bad URL or branch."})
final class WebhooksSetCommand extends HiyCommand {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RouteTable routes;
    private final Webhooks webhooks;

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1", paramLabel = "REPO_URL", description = "the repository's https:// clone URL, or its SSH URL for a private one")
    String url;

    @Option(names = "--branch", paramLabel = "BRANCH", description = "the branch whose pushes deploy (default: main)")
    String branch = "main";

    WebhooksSetCommand(RouteTable routes, Webhooks webhooks) {
        this.routes = routes;
        this.webhooks = webhooks;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        try {
            RemoteRepository.checkUrl(url, who().admin());
            RemoteRepository.checkBranch(branch);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        DeployKey key = DeployKey.generate();
        String comment = "hiy-" + name;
        String publicLine = key.publicLine(comment);
        webhooks.set(new Webhooks.Webhook(name, url, branch, secret, who().user(), key.privateText(comment), publicLine));
        out().println("Payload URL:  " + payloadUrl(routes, name));
        out().println("Content type: application/json");
        out().println("Secret:       " + secret);
        out().println("Events:       just the push event");
        out().println("Deploy key:   " + publicLine);
        context.err().println("Add these in the repository's Settings > Webhooks, and for a private repository the deploy"
                + " key (read-only) in Settings > Deploy keys, linked here by its SSH URL (git@github.com:OWNER/REPO.git)."
                + " Each push to " + branch + " is fetched from " + url + " and deployed as " + who().user()
                + "; the secret is not shown again.");
        return OK;
    }

    static String payloadUrl(RouteTable routes, String app) {
        return routes.urlOfHost(routes.host(RouteTable.API_NAME)) + "/hooks/github/" + app;
    }

    @Override protected String auditAction() { return "webhooks:set " + name + " " + url + " --branch " + branch; }
    @Override protected String auditApp() { return name; }
}
