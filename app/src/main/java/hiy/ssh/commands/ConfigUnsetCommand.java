package hiy.ssh.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "config:unset", mixinStandardHelpOptions = true,
        description = "Remove config vars and restart the app without them (health-gated).",
        footer = {"", "Example: ssh hiy@box config:unset blog GREETING", "Exit status: 0, 1 unknown app or key, or the new release did not get healthy."})
final class ConfigUnsetCommand extends HiyCommand {
    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY")
    List<String> keys;

    @Option(names = "--no-restart", description = "remove the vars; the running release keeps its old environment")
    boolean noRestart;

    @Override
    protected int execute() throws Exception {
        app(name);
        for (String key : keys) ConfigKeys.check(key);
        int removed = hiy.config().unset(name, keys);
        if (removed == 0) throw new UserError(name + " has none of " + String.join(", ", keys) + "; list them: ssh " + hostHint() + " config " + name);
        out().println(style.step("Unset " + String.join(", ", keys) + " on " + name));
        return ConfigRelease.apply(this, name, noRestart);
    }

    @Override protected String auditAction() { return "config:unset " + name + " " + String.join(" ", keys); }
    @Override protected String auditApp() { return name; }
}
