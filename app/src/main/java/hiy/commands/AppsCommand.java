package hiy.commands;

import hiy.store.Apps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

@Command(name = "apps", mixinStandardHelpOptions = true,
        description = "List your apps: name, status, current release, URL.",
        footer = {"", "Example: ssh hiy@box apps --json", "Exit status: 0."})
final class AppsCommand extends HiyCommand {
    @Option(names = "--json", description = "one JSON array, for scripts")
    boolean json;

    @Override
    protected int execute() {
        List<Apps.App> apps = hiy.appAccess().visibleApps(who());
        if (json) {
            out().println(Json.array(apps.stream().map(a -> Json.object(
                    "name", a.name(), "status", status(a), "release", release(a), "url", hiy.routes().url(a.name()),
                    "restarts", hiy.supervisor().health(a.name()).restarts(),
                    "last_exit", hiy.supervisor().health(a.name()).lastExit()))
                    .toList()));
            return OK;
        }
        if (apps.isEmpty()) {
            out().println("No apps yet. Deploy one: " + pushCommand("NAME"));
            return OK;
        }
        for (Apps.App a : apps) {
            out().printf("%-30s %-10s %-6s %s%n", a.name(), status(a), release(a) == null ? "-" : release(a),
                    hiy.routes().url(a.name()));
        }
        return OK;
    }

    private String status(Apps.App a) {
        return hiy.status().of(a);
    }

    private static String release(Apps.App a) {
        return a.currentRelease() == null ? null : "v" + a.currentRelease();
    }
}
