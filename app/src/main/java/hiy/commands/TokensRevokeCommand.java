package hiy.commands;

import hiy.store.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "tokens:revoke", mixinStandardHelpOptions = true,
        description = "Revoke one of your API tokens: from now on every request with it is refused.",
        footer = {"", "Example: ssh hiy@box tokens:revoke ci", "Exit status: 0, 1 no token of that name."})
final class TokensRevokeCommand extends HiyCommand {
    private final Tokens tokens;

    @Parameters(paramLabel = "NAME")
    String name;

    TokensRevokeCommand(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected int execute() throws UserError {
        if (!tokens.revoke(who().user(), name)) {
            throw new UserError("you have no token named " + name + "; list yours with: ssh " + hostHint() + " tokens");
        }
        out().println("Revoked token " + name + ".");
        return OK;
    }

    @Override protected String auditAction() { return "tokens:revoke " + name; }
}
