package hiy.commands;

import hiy.model.Durations;
import hiy.release.SwitchFailure;
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
    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "vN")
    String target;

    private Integer version;

    @Override
    protected int execute() throws UserError {
        Apps.App app = app(name);
        Releases.Release current = Releasing.requireCurrent(this, app);
        Releases.Release to = target == null ? previousLive(current) : chosen(current, Releasing.version(target));
        version = to.version();
        long start = System.nanoTime();
        out().println(style.step("Rolling back " + name + " to v" + to.version() + " (" + Releasing.sha7(to.sha())
                + ", " + to.kind() + " by " + to.createdBy() + ")"));
        Releases.Release made;
        try {
            made = hiy.releaseSwitch().rollback(name, to.version(), who().user(), progress(name));
        } catch (SwitchFailure e) {
            return Releasing.failed(this, e, "v" + current.version() + " is still the current release; pick another: ssh "
                    + hostHint() + " releases " + name);
        }
        out().println(style.step("Live in " + Durations.secondsSince(start) + ": " + hiy.routes().url(name)
                + " (release v" + made.version() + ", rollback of v" + to.version() + ")"));
        return OK;
    }

    /** Retired means it was live once and was replaced: the one release a bare rollback can trust. */
    private Releases.Release previousLive(Releases.Release current) throws UserError {
        return hiy.releases().of(name).stream()
                .filter(r -> r.version() < current.version() && r.status() == Releases.Status.RETIRED)
                .findFirst().orElseThrow(() -> new UserError(name + " has no earlier release that was live; see: ssh "
                        + hostHint() + " releases " + name));
    }

    private Releases.Release chosen(Releases.Release current, int v) throws UserError {
        Releases.Release r = hiy.releases().find(name, v).orElseThrow(() -> new UserError("there is no release v" + v
                + " of " + name + "; see them with: ssh " + hostHint() + " releases " + name));
        if (v == current.version()) {
            throw new UserError("v" + v + " is already the current release of " + name
                    + "; to run it in a fresh container: ssh " + hostHint() + " restart " + name);
        }
        if (r.status() != Releases.Status.RETIRED) {
            throw new UserError("v" + v + " never went live (" + r.status().name().toLowerCase() + "), so " + name
                    + " cannot roll back to it; pick one marked retired in: ssh " + hostHint() + " releases " + name);
        }
        return r;
    }

    @Override protected String auditAction() { return "rollback " + name + (version != null ? " v" + version : target != null ? " " + target : ""); }
    @Override protected String auditApp() { return name; }
}
