package hiy.commands;

import hiy.model.Durations;
import hiy.model.LineSink;
import hiy.release.ReleaseSwitch;
import hiy.release.SwitchFailure;
import hiy.routing.RouteTable;

/** A config change: stored, then a new release with the new environment, unless the user said --no-restart. */
final class ConfigRelease {
    private final ReleaseSwitch releaseSwitch;
    private final RouteTable routes;

    ConfigRelease(ReleaseSwitch releaseSwitch, RouteTable routes) {
        this.releaseSwitch = releaseSwitch;
        this.routes = routes;
    }

    /** change: what writes the store; it runs while no switch is under way, and done is printed after it. */
    int apply(HiyCommand command, String app, Runnable change, String done, boolean noRestart) {
        var out = command.out();
        long start = System.nanoTime();
        // Made once the change is stored, so the release's output masks the new values too.
        LineSink[] progress = new LineSink[1];
        try {
            var release = releaseSwitch.reconfigure(app, () -> {
                change.run();
                out.println(command.style.step(done));
                progress[0] = command.progress(app);
            }, !noRestart, command.who().user(), line -> progress[0].line(line));
            if (release.isPresent()) {
                out.println(command.style.step("Live in " + Durations.secondsSince(start) + ": "
                        + routes.url(app) + " (release v" + release.get().version() + ")"));
            } else if (noRestart) {
                out.println("The running release keeps its old environment; the next deploy or restart makes a new"
                        + " release with it: ssh " + command.hostHint() + " restart " + app);
            } else {
                out.println(app + " has no release yet; the next deploy uses the new config.");
            }
            return HiyCommand.OK;
        } catch (SwitchFailure e) {
            command.context.err().println(command.style.error(" !     " + e.getMessage()));
            command.context.err().println("The new config is saved; the running release keeps the old one. Fix the app or the config, then: ssh "
                    + command.hostHint() + " restart " + app);
            return 1;
        }
    }
}
