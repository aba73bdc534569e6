package hiy.commands;

import hiy.store.Audit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Show pushes and state-changing commands, newest first (admins).",
        footer = {"", "Example: ssh hiy@box audit blog -n 20",
                "Columns: time (UTC), user, key fingerprint, client address, action, app, outcome.",
                "Entries of destroyed apps stay. Exit status: 0, 1 bad -n or not an admin."})
@AdminOnly("read the audit log")
final class AuditCommand extends HiyCommand {
    private final Audit audit;

    static final int DEFAULT_ENTRIES = 50;

    @Parameters(arity = "0..1", paramLabel = "APP", description = "only this app's entries")
    String app;

    @Option(names = "-n", paramLabel = "N", description = "how many entries (default: " + DEFAULT_ENTRIES + ")")
    int n = DEFAULT_ENTRIES;

    AuditCommand(Audit audit) {
        this.audit = audit;
    }

    @Override
    protected int execute() throws UserError {
        if (n < 1) throw new UserError("-n takes a positive number of entries, e.g. -n 20");
        List<Audit.Entry> entries = audit.latest(app, n);
        if (entries.isEmpty()) {
            out().println(app == null ? "Nothing audited yet." : "Nothing audited for " + app + ".");
            return OK;
        }
        TextTable table = new TextTable();
        for (Audit.Entry e : entries) {
            table.row(Instant.ofEpochMilli(e.at()).truncatedTo(ChronoUnit.SECONDS).toString(), e.user(), e.fingerprint(),
                    e.client(), e.action(), e.app() == null ? "-" : e.app(), e.outcome());
        }
        table.print(out());
        return OK;
    }
}
