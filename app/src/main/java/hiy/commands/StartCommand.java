package hiy.commands;

import hiy.model.Durations;
import hiy.release.SwitchFailure;
import hiy.store.Apps;
import hiy.store.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start a stopped app's current release again (health-gated); a config changed while it was stopped goes live as a new release.",
        footer = {"", "Example: ssh hiy@box start blog",
                "Exit status: 0 (also if already running), 1 unknown app, never deployed, or it did not get healthy."})
final class StartCommand extends HiyCommand {
    @Parameters(paramLabel = "APP")
    String name;

    @Override
    protected int execute() throws UserError {
        Apps.App app = app(name);
        Releases.Release current = Releasing.requireCurrent(this, app);
        if (!app.stopped() && Releasing.running(this, app).all()) {
            out().println(name + " is already running: " + hiy.routes().url(name) + " (release v" + current.version() + ")");
            return OK;
        }
        long start = System.nanoTime();
        out().println(style.step("Starting " + name + " (release v" + current.version() + ")"));
        Releases.Release live;
        try {
            live = hiy.releaseSwitch().start(name, who().user(), progress(name));
        } catch (SwitchFailure e) {
            return Releasing.failed(this, e, "Fix the app, then deploy again: git push, or roll back: ssh "
                    + hostHint() + " rollback " + name);
        }
        out().println(style.step("Live in " + Durations.secondsSince(start) + ": " + hiy.routes().url(name)
                + " (release v" + live.version() + ")"));
        return OK;
    }

    @Override protected String auditAction() { return "start " + name; }
    @Override protected String auditApp() { return name; }
}
