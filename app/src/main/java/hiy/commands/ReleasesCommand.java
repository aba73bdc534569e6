package hiy.commands;

import hiy.model.Durations;
import hiy.store.Apps;
import hiy.store.ConfigVars;
import hiy.store.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

@Command(name = "releases", mixinStandardHelpOptions = true,
        description = "List an app's releases, newest first: commit, who, when, what changed (and which config vars), status.",
        footer = {"", "Example: ssh hiy@box releases blog",
                "Go back to one: ssh hiy@box rollback blog v2. Exit status: 0, 1 unknown app."})
final class ReleasesCommand extends HiyCommand {

    private final Releases releases;
    private final ConfigVars config;

    @Parameters(paramLabel = "APP")
    String name;

    ReleasesCommand(Releases releases, ConfigVars config) {
        this.releases = releases;
        this.config = config;
    }

    @Override
    protected int execute() throws UserError {
        Apps.App app = app(name);
        List<Releases.Release> history = releases.of(name);
        if (history.isEmpty()) {
            out().println(name + " has no releases yet. Deploy it: " + pushCommand(name));
            return OK;
        }
        Instant now = Instant.now();
        TextTable table = new TextTable().row("VERSION", "COMMIT", "BY", "WHEN", "CHANGE", "STATUS");
        for (int i = 0; i < history.size(); i++) {
            Releases.Release r = history.get(i);
            table.row("v" + r.version(), Releasing.sha7(r.sha()), r.createdBy(), Durations.ago(r.createdAt(), now),
                    ReleaseChange.of(releases, config, history, i), status(app, r));
        }
        table.print(out());
        return OK;
    }

    private static String status(Apps.App app, Releases.Release r) {
        String status = r.status().name().toLowerCase(Locale.ROOT);
        if (!Integer.valueOf(r.version()).equals(app.currentRelease())) return status;
        return status + (app.stopped() ? " (current, stopped)" : " (current)");
    }
}
