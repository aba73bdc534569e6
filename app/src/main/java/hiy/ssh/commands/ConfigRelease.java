package hiy.ssh.commands;

import hiy.runtime.ReleaseSwitch;
import hiy.runtime.SwitchFailure;

/** After a config change: a new release with the new environment, unless the user said --no-restart. */
final class ConfigRelease {
    private ConfigRelease() { }

    static int apply(HiyCommand command, String app, boolean noRestart) {
        var hiy = command.hiy;
        var out = command.out();
        if (noRestart) {
            out.println("The running release keeps its old environment until the next deploy or restart.");
            return HiyCommand.OK;
        }
        if (hiy.apps().find(app).orElseThrow().currentRelease() == null) {
            out.println(app + " has no release yet; the next deploy uses the new config.");
            return HiyCommand.OK;
        }
        long start = System.nanoTime();
        try {
            var release = hiy.releaseSwitch().reconfigure(app, command.who().user(), command.progress(app));
            out.println(command.style.step("Live in " + ReleaseSwitch.secondsSince(start) + ": " + hiy.routes().url(app)
                    + " (release v" + release.version() + ")"));
            return HiyCommand.OK;
        } catch (SwitchFailure e) {
            command.context.err().println(command.style.error(" !     " + e.getMessage()));
            command.context.err().println("The new config is saved; the running release keeps the old one. Fix the app or the config, then: ssh "
                    + hiy.hostHint() + " restart " + app);
            return 1;
        }
    }
}
