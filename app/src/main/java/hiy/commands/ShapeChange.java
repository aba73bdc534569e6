package hiy.commands;

import hiy.model.Durations;
import hiy.release.ReleaseSwitch;
import hiy.release.SwitchFailure;
import hiy.routing.RouteTable;

/**
 * A change to what the app's containers look like (storage:mount, resources:set, labels:set …): stored, then every
 * process restarted with it through the health gate, the old ones serving until the new ones answer.
 */
final class ShapeChange {
    private final ReleaseSwitch releaseSwitch;
    private final RouteTable routes;

    ShapeChange(ReleaseSwitch releaseSwitch, RouteTable routes) {
        this.releaseSwitch = releaseSwitch;
        this.routes = routes;
    }

    /** change: what writes the store; it runs while no switch is under way, and done is printed after it. */
    int apply(HiyCommand command, String app, Runnable change, String done) {
        var out = command.out();
        long start = System.nanoTime();
        try {
            var release = releaseSwitch.reshape(app, () -> {
                change.run();
                out.println(command.style.step(done));
            }, command.who().user(), command.progress(app));
            if (release.isPresent()) {
                out.println(command.style.step("Live in " + Durations.secondsSince(start) + ": "
                        + routes.url(app) + " (release v" + release.get().version() + ", restarted)"));
            } else {
                out.println(app + " does not run now; its next start or deploy has the change.");
            }
            return HiyCommand.OK;
        } catch (SwitchFailure e) {
            command.context.err().println(command.style.error(" !     " + e.getMessage()));
            command.context.err().println("The change is saved; the processes that ran before keep running as they"
                    + " were. Fix the app or undo the change, then: ssh " + command.hostHint() + " restart " + app);
            return 1;
        }
    }
}
