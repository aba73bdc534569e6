package hiy.commands;

import hiy.routing.RouteTable;
import hiy.secrets.ApiToken;
import hiy.store.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.regex.Pattern;

@Command(name = "tokens:create", mixinStandardHelpOptions = true,
        description = "Make an API token that acts as you over HTTP (docs/http.md); it is printed once, HIY keeps only its hash.",
        footer = {"", "Example: ssh hiy@box tokens:create ci --app blog",
                "Exit status: 0, 1 bad or taken name, or unknown app."})
final class TokensCreateCommand extends HiyCommand {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,39}");

    private final RouteTable routes;
    private final Tokens tokens;

    @Parameters(paramLabel = "NAME", description = "yours to choose, e.g. ci or laptop: lowercase letters, digits, '.', '_', '-'")
    String name;

    @Option(names = "--app", paramLabel = "APP", description = "the token may reach only this app")
    String app;

    @Option(names = "--read-only", description = "the token may read, never change anything")
    boolean readOnly;

    TokensCreateCommand(RouteTable routes, Tokens tokens) {
        this.routes = routes;
        this.tokens = tokens;
    }

    @Override
    protected int execute() throws UserError {
        if (!NAME.matcher(name).matches()) {
            throw new UserError("\"" + name + "\" is not a token name: use up to 40 lowercase letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit (e.g. ci)");
        }
        if (app != null) app(app);
        String token = ApiToken.generate();
        if (!tokens.create(who().user(), name, ApiToken.hash(token), app, readOnly)) {
            throw new UserError("you already have a token named " + name + "; choose another name, or revoke it first: ssh "
                    + hostHint() + " tokens:revoke " + name);
        }
        out().println(token);
        context.err().println("Token " + name + " acts as " + who().user() + (app == null ? " on your apps" : " on " + app)
                + (readOnly ? ", read-only" : "") + ". Keep it now: it is not shown again. Use it as:");
        context.err().println("  curl -H 'Authorization: Bearer " + token.substring(0, 8) + "…' "
                + routes.urlOfHost(routes.host(RouteTable.API_NAME)) + "/api/apps");
        return OK;
    }

    @Override
    protected String auditAction() {
        return "tokens:create " + name + (app == null ? "" : " --app " + app) + (readOnly ? " --read-only" : "");
    }

    @Override protected String auditApp() { return app; }
}
