package hiy.commands;

import hiy.model.Version;
import picocli.CommandLine.Command;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Print HIY's version.",
        footer = {"", "Example: ssh hiy@box version", "Exit status: 0."})
final class VersionCommand extends HiyCommand {
    @Override
    protected int execute() {
        out().println("HIY " + Version.VERSION);
        return OK;
    }
}
