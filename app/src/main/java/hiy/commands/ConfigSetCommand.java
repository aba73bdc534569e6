package hiy.commands;

import hiy.store.ConfigVars;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "config:set", mixinStandardHelpOptions = true,
        description = "Set config vars and restart the app with them (health-gated, like a deploy).",
        footer = {"", "Example: ssh hiy@box config:set blog GREETING='hello world' MODE=prod",
                "Values keep spaces, quotes and '=' exactly. Exit status: 0, 1 bad key, unknown app, or the new release did not get healthy."})
final class ConfigSetCommand extends HiyCommand {
    private final ConfigVars config;
    private final ConfigRelease configRelease;

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE")
    List<String> pairs;

    @Option(names = "--no-restart", description = "store the vars; the running release keeps its old environment until the next deploy or restart")
    boolean noRestart;

    private final Map<String, String> vars = new LinkedHashMap<>();

    ConfigSetCommand(ConfigVars config, ConfigRelease configRelease) {
        this.config = config;
        this.configRelease = configRelease;
    }

    @Override
    protected int execute() throws Exception {
        app(name);
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq < 0) throw new UserError("\"" + pair + "\" has no '=': write KEY=value (quote values with spaces: KEY='a b')");
            vars.put(ConfigKeys.check(pair.substring(0, eq)), pair.substring(eq + 1));
        }
        return configRelease.apply(this, name, () -> config.set(name, vars),
                "Set " + String.join(", ", vars.keySet()) + " on " + name, noRestart);
    }

    @Override protected String auditAction() { return "config:set " + name + " " + String.join(" ", vars.keySet()); }
    @Override protected String auditApp() { return name; }
}
