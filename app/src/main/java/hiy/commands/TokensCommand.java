package hiy.commands;

import hiy.model.Durations;
import hiy.store.Tokens;
import picocli.CommandLine.Command;

import java.time.Instant;
import java.util.List;

@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = "List your API tokens: name, app they are limited to, access, created, last used.",
        footer = {"", "Example: ssh hiy@box tokens", "Exit status: 0."})
final class TokensCommand extends HiyCommand {
    private final Tokens tokens;

    TokensCommand(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected int execute() {
        List<Tokens.Token> mine = tokens.of(who().user());
        if (mine.isEmpty()) {
            out().println("You have no API tokens. Make one: ssh " + hostHint() + " tokens:create NAME [--app APP] [--read-only]");
            return OK;
        }
        Instant now = Instant.now();
        TextTable table = new TextTable().row("NAME", "APP", "ACCESS", "CREATED", "LAST USED");
        for (Tokens.Token t : mine) {
            table.row(t.name(), t.app() == null ? "(all yours)" : t.app(), t.readOnly() ? "read" : "read-write",
                    Durations.ago(t.createdAt(), now), t.lastUsedAt() == null ? "never" : Durations.ago(t.lastUsedAt(), now));
        }
        table.print(out());
        return OK;
    }
}
