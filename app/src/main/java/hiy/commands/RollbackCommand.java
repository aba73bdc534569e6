package hiy.commands;

import hiy.model.Durations;
import hiy.release.ReleaseSwitch;
import hiy.release.SwitchFailure;
import hiy.routing.RouteTable;
import hiy.sshd.HostHint;
import hiy.store.Apps;
import hiy.store.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Run an earlier release again (its image and config, no build), as a new release.",
        footer = {"", "Example: ssh hiy@box rollback blog      (the last release before the current one that was live)",
                "          ssh hiy@box rollback blog v2",
                "Exit status: 0, 1 unknown app or release, a release that never went live, or it did not get healthy."})
final class RollbackCommand extends HiyCommand {
    private final HostHint hint;
    private final Releases releases;
    private final RouteTable routes;
    private final ReleaseSwitch releaseSwitch;

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "vN")
    String target;

    private Integer version;

    RollbackCommand(HostHint hint, Releases releases, RouteTable routes, ReleaseSwitch releaseSwitch) {
        this.hint = hint;
        this.releases = releases;
        this.routes = routes;
        this.releaseSwitch = releaseSwitch;
    }

    @Override
    protected int execute() throws UserError {
        Apps.App app = app(name);
        Releases.Release current = RollbackTarget.current(releases, hint, app);
        Releases.Release to = RollbackTarget.choose(releases, hint, name, current,
                target == null ? null : Releasing.version(target));
        version = to.version();
        long start = System.nanoTime();
        out().println(style.step("Rolling back " + name + " to v" + to.version() + " (" + Releasing.sha7(to.sha())
                + ", " + to.kind() + " by " + to.createdBy() + ")"));
        Releases.Release made;
        try {
            made = releaseSwitch.rollback(name, to.version(), who().user(), progress(name));
        } catch (SwitchFailure e) {
            return Releasing.failed(this, e, "v" + current.version() + " is still the current release; pick another: ssh "
                    + hostHint() + " releases " + name);
        }
        out().println(style.step("Live in " + Durations.secondsSince(start) + ": " + routes.url(name)
                + " (release v" + made.version() + ", rollback of v" + to.version() + ")"));
        return OK;
    }

    @Override protected String auditAction() { return "rollback " + name + (version != null ? " v" + version : target != null ? " " + target : ""); }
    @Override protected String auditApp() { return name; }
}
