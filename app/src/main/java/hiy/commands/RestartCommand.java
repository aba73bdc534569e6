package hiy.commands;

import hiy.model.Durations;
import hiy.release.ReleaseSwitch;
import hiy.release.SwitchFailure;
import hiy.routing.RouteTable;
import hiy.store.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Run the current release in fresh containers; the old ones serve until the new ones answer."
                + " A config changed since that release (config:set --no-restart) goes live as a new release.",
        footer = {"", "Example: ssh hiy@box restart blog",
                "Exit status: 0, 1 unknown app, never deployed, or the fresh container did not get healthy."})
final class RestartCommand extends HiyCommand {
    private final Releases releases;
    private final RouteTable routes;
    private final ReleaseSwitch releaseSwitch;

    @Parameters(paramLabel = "APP")
    String name;

    RestartCommand(Releases releases, RouteTable routes, ReleaseSwitch releaseSwitch) {
        this.releases = releases;
        this.routes = routes;
        this.releaseSwitch = releaseSwitch;
    }

    @Override
    protected int execute() throws UserError {
        Releases.Release current = requireCurrent(releases, app(name));
        long start = System.nanoTime();
        out().println(style.step("Restarting " + name + " (release v" + current.version() + ")"));
        Releases.Release live;
        try {
            live = releaseSwitch.restart(name, who().user(), progress(name));
        } catch (SwitchFailure e) {
            return Releasing.failed(this, e, "Fix the app, then deploy again: git push, or: ssh " + hostHint() + " deploy " + name);
        }
        out().println(style.step("Live in " + Durations.secondsSince(start) + ": " + routes.url(name)
                + " (release v" + live.version() + ")"));
        return OK;
    }

    @Override protected String auditAction() { return "restart " + name; }
    @Override protected String auditApp() { return name; }
}
