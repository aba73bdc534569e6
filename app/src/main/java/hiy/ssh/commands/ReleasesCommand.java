package hiy.ssh.commands;

import hiy.store.Apps;
import hiy.store.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

@Command(name = "releases", mixinStandardHelpOptions = true,
        description = "List an app's releases, newest first: commit, who, when, what changed, status.",
        footer = {"", "Example: ssh hiy@box releases blog",
                "Go back to one: ssh hiy@box rollback blog v2. Exit status: 0, 1 unknown app."})
final class ReleasesCommand extends HiyCommand {
    @Parameters(paramLabel = "APP")
    String name;

    @Override
    protected int execute() throws UserError {
        Apps.App app = app(name);
        List<Releases.Release> releases = hiy.releases().of(name);
        if (releases.isEmpty()) {
            out().println(name + " has no releases yet. Deploy it: " + pushCommand(name));
            return OK;
        }
        Instant now = Instant.now();
        String row = "%-7s  %-7s  %-12s  %-16s  %-14s  %s%n";
        out().printf(row, "VERSION", "COMMIT", "BY", "WHEN", "CHANGE", "STATUS");
        for (Releases.Release r : releases) {
            out().printf(row, "v" + r.version(), Releasing.sha7(r.sha()), r.createdBy(),
                    Releasing.ago(r.createdAt(), now), r.kind(), status(app, r));
        }
        return OK;
    }

    private static String status(Apps.App app, Releases.Release r) {
        String status = r.status().name().toLowerCase(Locale.ROOT);
        if (!Integer.valueOf(r.version()).equals(app.currentRelease())) return status;
        return status + (app.stopped() ? " (current, stopped)" : " (current)");
    }
}
