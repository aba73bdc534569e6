package hiy.commands;

import hiy.sshd.TerminalText;
import hiy.store.ConfigVars;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Map;

@Command(name = "config", mixinStandardHelpOptions = true, description = "Show an app's config vars, sorted by key.",
        footer = {"", "Example: ssh hiy@box config blog", "Exit status: 0, 1 unknown app."})
final class ConfigCommand extends HiyCommand {
    private final ConfigVars config;

    @Parameters(paramLabel = "APP")
    String name;

    ConfigCommand(ConfigVars config) {
        this.config = config;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        Map<String, String> vars = config.of(name);
        if (vars.isEmpty()) {
            out().println(name + " has no config vars. Set one: ssh " + hostHint() + " config:set " + name + " KEY=value");
        }
        vars.forEach((k, v) -> out().println(k + "=" + TerminalText.escape(v)));
        return OK;
    }
}
