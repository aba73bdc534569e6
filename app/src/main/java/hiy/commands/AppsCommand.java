package hiy.commands;

import hiy.release.Supervisor;
import hiy.routing.RouteTable;
import hiy.store.Apps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

@Command(name = "apps", mixinStandardHelpOptions = true,
        description = "List your apps: name, status, current release, URL.",
        footer = {"", "Example: ssh hiy@box apps --json", "Exit status: 0."})
final class AppsCommand extends HiyCommand {
    private final AppAccess appAccess;
    private final AppStatus status;
    private final RouteTable routes;
    private final Supervisor supervisor;

    @Option(names = "--json", description = "one JSON array, for scripts")
    boolean json;

    AppsCommand(AppAccess appAccess, AppStatus status, RouteTable routes, Supervisor supervisor) {
        this.appAccess = appAccess;
        this.status = status;
        this.routes = routes;
        this.supervisor = supervisor;
    }

    @Override
    protected int execute() {
        List<Apps.App> apps = appAccess.visibleApps(who());
        if (json) {
            out().println(Json.array(apps.stream().map(a -> Json.object(
                    "name", a.name(), "status", status(a), "release", release(a), "url", routes.url(a.name()),
                    "restarts", supervisor.health(a.name()).restarts(),
                    "last_exit", supervisor.health(a.name()).lastExit()))
                    .toList()));
            return OK;
        }
        if (apps.isEmpty()) {
            out().println("No apps yet. Deploy one: " + pushCommand("NAME"));
            return OK;
        }
        for (Apps.App a : apps) {
            out().printf("%-30s %-10s %-6s %s%n", a.name(), status(a), release(a) == null ? "-" : release(a),
                    routes.url(a.name()));
        }
        return OK;
    }

    private String status(Apps.App a) {
        return status.of(a);
    }

    private static String release(Apps.App a) {
        return a.currentRelease() == null ? null : "v" + a.currentRelease();
    }
}
