package hiy.commands;

import hiy.store.ConfigVars;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "config:unset", mixinStandardHelpOptions = true,
        description = "Remove config vars and restart the app without them (health-gated).",
        footer = {"", "Example: ssh hiy@box config:unset blog GREETING", "Exit status: 0, 1 unknown app or key, or the new release did not get healthy."})
final class ConfigUnsetCommand extends HiyCommand {
    private final ConfigVars config;
    private final ConfigRelease configRelease;

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY")
    List<String> keys;

    @Option(names = "--no-restart", description = "remove the vars; the running release keeps its old environment until the next deploy or restart")
    boolean noRestart;

    ConfigUnsetCommand(ConfigVars config, ConfigRelease configRelease) {
        this.config = config;
        this.configRelease = configRelease;
    }

    @Override
    protected int execute() throws Exception {
        app(name);
        for (String key : keys) ConfigKeys.check(key);
        if (keys.stream().noneMatch(config.of(name)::containsKey)) {
            throw new UserError(name + " has none of " + String.join(", ", keys) + "; list them: ssh " + hostHint() + " config " + name);
        }
        return configRelease.apply(this, name, () -> config.unset(name, keys),
                "Unset " + String.join(", ", keys) + " on " + name, noRestart);
    }

    @Override protected String auditAction() { return "config:unset " + name + " " + String.join(" ", keys); }
    @Override protected String auditApp() { return name; }
}
