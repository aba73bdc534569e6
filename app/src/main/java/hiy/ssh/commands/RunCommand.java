package hiy.ssh.commands;

import hiy.runtime.RuntimeFailure;
import hiy.store.Apps;
import hiy.store.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a one-off command in a fresh container of the current release, with the app's config.",
        footer = {"", "Example: ssh hiy@box run blog -- sh -c 'echo $DATABASE_URL | wc -c'",
                "Put -- before the command so its options are not read as run's. The container has the app's "
                        + "environment and limits, no published port, and is removed when the command ends.",
                "Exit status: the command's own; 1 unknown app or no release."})
final class RunCommand extends HiyCommand {
    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
    List<String> command;

    @Override
    protected int execute() throws UserError, RuntimeFailure {
        Apps.App app = app(name);
        Releases.Release current = hiy.releaseSwitch().currentRelease(app).orElseThrow(() -> new UserError(
                name + " has no release yet; deploy it first: git push ssh://hiy@HOST:PORT/" + name + " main"));
        Map<String, String> env = new HashMap<>(hiy.config().open(hiy.releases().sealedEnv(name, current.version())));
        env.put("PORT", String.valueOf(current.appPort()));
        String container = "hiy-" + name + "-run-" + Long.toString(System.currentTimeMillis(), 36);
        // Labelled apart from hiy.app, so the supervisor does not take the one-off for a stray release.
        return hiy.runtime().runOnce(container, current.image(), command, env, Map.of("hiy.run", name),
                hiy.settings().memoryBytes(), hiy.settings().cpus(), progress(name));
    }

    @Override protected String auditAction() { return "run " + name + " " + command.get(0); }
    @Override protected String auditApp() { return name; }
}
