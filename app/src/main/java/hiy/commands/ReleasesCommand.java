package hiy.commands;

import hiy.model.Durations;
import hiy.store.Apps;
import hiy.store.ConfigVars;
import hiy.store.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

@Command(name = "releases", mixinStandardHelpOptions = true,
        description = "List an app's releases, newest first: commit, who, when, what changed (and which config vars), status.",
        footer = {"", "Example: ssh hiy@box releases blog",
                "Go back to one: ssh hiy@box rollback blog v2. Exit status: 0, 1 unknown app."})
final class ReleasesCommand extends HiyCommand {
    private static final int MAX_NAMES = 3;

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
                    r.kind() + configChange(r, history.subList(i + 1, history.size())), status(app, r));
        }
        table.print(out());
        return OK;
    }

    /**
     * Which config vars the release set or unset against the one that was live before it (the newest older one
     * that served), so a change made with --no-restart shows at the release that first carried it. Names only.
     */
    private String configChange(Releases.Release r, List<Releases.Release> older) {
        Optional<Map<String, String>> after = env(r);
        Optional<Map<String, String>> before = older.stream()
                .filter(o -> o.status() == Releases.Status.LIVE || o.status() == Releases.Status.RETIRED)
                .findFirst().map(this::env).orElse(Optional.of(Map.of()));
        if (after.isEmpty() || before.isEmpty()) return "";
        Map<String, String> now = after.get();
        Map<String, String> was = before.get();
        List<String> set = now.keySet().stream().filter(k -> !now.get(k).equals(was.get(k))).toList();
        List<String> unset = was.keySet().stream().filter(k -> !now.containsKey(k)).toList();
        List<String> parts = new ArrayList<>();
        if (!set.isEmpty()) parts.add("set " + names(set));
        if (!unset.isEmpty()) parts.add("unset " + names(unset));
        return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
    }

    /** Empty for a release made before HIY kept environments: what it ran with is unknown. */
    private Optional<Map<String, String>> env(Releases.Release r) {
        return Optional.ofNullable(releases.sealedEnv(name, r.version())).map(config::open);
    }

    private static String names(List<String> keys) {
        if (keys.size() <= MAX_NAMES) return String.join(", ", keys);
        return String.join(", ", keys.subList(0, MAX_NAMES)) + " and " + (keys.size() - MAX_NAMES) + " more";
    }

    private static String status(Apps.App app, Releases.Release r) {
        String status = r.status().name().toLowerCase(Locale.ROOT);
        if (!Integer.valueOf(r.version()).equals(app.currentRelease())) return status;
        return status + (app.stopped() ? " (current, stopped)" : " (current)");
    }
}
