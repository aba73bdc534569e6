package hiy.commands;

import hiy.model.Durations;
import hiy.release.ExpectedProcesses;
import hiy.release.ReleaseSwitch;
import hiy.release.SwitchFailure;
import hiy.routing.RouteTable;
import hiy.store.Apps;
import hiy.store.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start a stopped app's current release again (health-gated); a config changed while it was stopped goes live as a new release.",
        footer = {"", "Example: ssh hiy@box start blog",
                "Exit status: 0 (also if already running), 1 unknown app, never deployed, or it did not get healthy."})
final class StartCommand extends HiyCommand {
    private final Releases releases;
    private final RouteTable routes;
    private final ReleaseSwitch releaseSwitch;
    private final ExpectedProcesses expected;

    @Parameters(paramLabel = "APP")
    String name;

    StartCommand(Releases releases, RouteTable routes, ReleaseSwitch releaseSwitch, ExpectedProcesses expected) {
        this.releases = releases;
        this.routes = routes;
        this.releaseSwitch = releaseSwitch;
        this.expected = expected;
    }

    @Override
    protected int execute() throws UserError {
        Apps.App app = app(name);
        Releases.Release current = requireCurrent(releases, app);
        if (!app.stopped() && Releasing.running(expected, app).all()) {
            out().println(name + " is already running: " + routes.url(name) + " (release v" + current.version() + ")");
            return OK;
        }
        long start = System.nanoTime();
        out().println(style.step("Starting " + name + " (release v" + current.version() + ")"));
        Releases.Release live;
        try {
            live = releaseSwitch.start(name, who().user(), progress(name));
        } catch (SwitchFailure e) {
            return Releasing.failed(this, e, "Fix the app, then deploy again: git push, or roll back: ssh "
                    + hostHint() + " rollback " + name);
        }
        out().println(style.step("Live in " + Durations.secondsSince(start) + ": " + routes.url(name)
                + " (release v" + live.version() + ")"));
        return OK;
    }

    @Override protected String auditAction() { return "start " + name; }
    @Override protected String auditApp() { return name; }
}
