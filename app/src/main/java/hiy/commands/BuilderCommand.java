package hiy.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "builder", mixinStandardHelpOptions = true,
        description = "Show how the app is built: the builder it chose (auto unless set) and what that picks for the"
                + " newest pushed commit, with why.",
        footer = {"", "Example: ssh hiy@box builder blog", "Exit status: 0, 1 unknown app."})
final class BuilderCommand extends HiyCommand {
    private final BuilderView view;

    @Parameters(paramLabel = "APP")
    String name;

    BuilderCommand(BuilderView view) {
        this.view = view;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        view.show(out(), name);
        return OK;
    }
}
