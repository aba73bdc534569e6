package hiy.commands;

import hiy.model.Durations;
import hiy.release.ReleaseSwitch;
import hiy.release.SwitchFailure;
import hiy.routing.RouteTable;
import hiy.store.Apps;
import hiy.store.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop an app's container; it stays stopped (also across HIY restarts) until start.",
        footer = {"", "Example: ssh hiy@box stop blog",
                "Its URL answers 503 (the app is stopped) meanwhile. Exit status: 0 (also if already stopped), 1 unknown app or never deployed."})
final class StopCommand extends HiyCommand {
    private final Releases releases;
    private final RouteTable routes;
    private final ReleaseSwitch releaseSwitch;

    @Parameters(paramLabel = "APP")
    String name;

    StopCommand(Releases releases, RouteTable routes, ReleaseSwitch releaseSwitch) {
        this.releases = releases;
        this.routes = routes;
        this.releaseSwitch = releaseSwitch;
    }

    @Override
    protected int execute() throws UserError, SwitchFailure {
        Apps.App app = app(name);
        Releases.Release current = requireCurrent(releases, app);
        if (app.stopped()) {
            out().println(name + " is already stopped. Start it: ssh " + hostHint() + " start " + name);
            return OK;
        }
        long start = System.nanoTime();
        out().println(style.step("Stopping " + name + " (release v" + current.version() + ")"));
        releaseSwitch.stop(name);
        out().println(style.step("Stopped in " + Durations.secondsSince(start) + "; " + routes.url(name)
                + " answers 503 until: ssh " + hostHint() + " start " + name));
        return OK;
    }

    @Override protected String auditAction() { return "stop " + name; }
    @Override protected String auditApp() { return name; }
}
