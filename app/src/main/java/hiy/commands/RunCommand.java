package hiy.commands;

import hiy.release.AppShapes;
import hiy.runtime.Attachment;
import hiy.runtime.ContainerRuntime;
import hiy.runtime.RuntimeFailure;
import hiy.sshd.Pty;
import hiy.store.Apps;
import hiy.store.ConfigVars;
import hiy.store.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a one-off command in a fresh container of the current release, with the app's config.",
        footer = {"", "Example: ssh hiy@box run blog -- sh -c 'echo $DATABASE_URL | wc -c'",
                "         ssh hiy@box run blog -- ./migrate < plan.sql      (your input is the command's input)",
                "         ssh -t hiy@box run blog -- sh                      (an interactive shell, with a TTY)",
                "Put -- before the command so its options are not read as run's. The container has the app's "
                        + "environment, limits, volumes and labels, no published port, and is removed when the command ends or "
                        + "you disconnect.",
                "Exit status: the command's own; 1 unknown app or no release."})
final class RunCommand extends HiyCommand {
    private final Releases releases;
    private final ConfigVars config;
    private final AppShapes shapes;
    private final ContainerRuntime runtime;

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
    List<String> command;

    RunCommand(Releases releases, ConfigVars config, AppShapes shapes, ContainerRuntime runtime) {
        this.releases = releases;
        this.config = config;
        this.shapes = shapes;
        this.runtime = runtime;
    }

    @Override
    protected int execute() throws UserError, RuntimeFailure {
        Apps.App app = app(name);
        Releases.Release current = requireCurrent(releases, app);
        if (current.isStatic()) {
            throw new UserError(name + " is a static site (release v" + current.version() + "): it has no image to run"
                    + " a command in; Caddy serves its files");
        }
        // The config as stored, also when it was changed with --no-restart since the current release was made.
        Map<String, String> env = new HashMap<>(config.of(name));
        env.put("PORT", String.valueOf(current.appPort()));
        return runtime.runOnce(name, current.image(), command, env, shapes.of(name, AppShapes.ONE_OFF),
                new Attachment(context.in(), progress(name), terminal(), context.closed()));
    }

    /** With ssh -t the command gets a TTY like the caller's, sized like its window; its output is passed on raw. */
    private Attachment.Terminal terminal() {
        Pty pty = context.pty();
        if (pty == null) return null;
        return new Attachment.Terminal() {
            @Override public String type() { return pty.term(); }
            @Override public int columns() { return pty.columns(); }
            @Override public int lines() { return pty.lines(); }
            @Override public OutputStream out() { return context.out(); }
            @Override public void onResize(Runnable listener) { pty.onResize(listener); }
        };
    }

    @Override protected String auditAction() { return "run " + name + " " + command.get(0); }
    @Override protected String auditApp() { return name; }
}
