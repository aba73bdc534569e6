package hiy.commands;

import hiy.store.ConfigVars;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "config:get", mixinStandardHelpOptions = true, description = "Print one config value alone, for scripts.",
        footer = {"", "Example: ssh hiy@box config:get blog DATABASE_URL", "Exit status: 0, 1 unknown app or key."})
final class ConfigGetCommand extends HiyCommand {
    private final ConfigVars config;

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1", paramLabel = "KEY")
    String key;

    ConfigGetCommand(ConfigVars config) {
        this.config = config;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        String value = config.of(name).get(key);
        if (value == null) throw new UserError(name + " has no config var " + key + "; list them: ssh " + hostHint() + " config " + name);
        out().println(value);
        return OK;
    }
}
