package hiy.ssh.commands;

import hiy.routing.RouteTable;
import hiy.runtime.ContainerRuntime;
import hiy.ssh.CommandContext;
import hiy.ssh.SshCommand;
import hiy.store.Apps;
import hiy.store.Releases;

import java.util.List;

/** One line per app the caller may see: name, status, current release, URL. */
public final class AppsCommand implements SshCommand {
    private final Apps apps;
    private final Releases releases;
    private final ContainerRuntime runtime;
    private final RouteTable routes;

    public AppsCommand(Apps apps, Releases releases, ContainerRuntime runtime, RouteTable routes) {
        this.apps = apps;
        this.releases = releases;
        this.runtime = runtime;
        this.routes = routes;
    }

    @Override public String name() { return "apps"; }
    @Override public String summary() { return "list apps: name, status, release, URL"; }

    @Override
    public int run(CommandContext context, List<String> args) {
        List<Apps.App> visible = apps.all().stream().filter(a -> context.who().admin()).toList();
        if (visible.isEmpty()) {
            context.out().println("No apps yet. Deploy one: git push ssh://hiy@HOST:PORT/NAME main");
            return OK;
        }
        for (Apps.App app : visible) {
            String release = "-";
            String status = "new";
            if (app.currentRelease() != null) {
                release = "v" + app.currentRelease();
                status = releases.find(app.name(), app.currentRelease())
                        .map(r -> runtime.isRunning(r.container()) ? "running" : "stopped").orElse("stopped");
            }
            context.out().printf("%-30s %-8s %-6s %s%n", app.name(), status, release, routes.url(app.name()));
        }
        return OK;
    }
}
