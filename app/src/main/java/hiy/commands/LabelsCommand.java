package hiy.commands;

import hiy.store.Labels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Map;

@Command(name = "labels", mixinStandardHelpOptions = true,
        description = "Show the labels you put on an app's containers (HIY's own hiy.* labels are not listed).",
        footer = {"", "Example: ssh hiy@box labels blog", "Exit status: 0, 1 unknown app."})
final class LabelsCommand extends HiyCommand {
    private final Labels labels;

    @Parameters(paramLabel = "APP")
    String name;

    LabelsCommand(Labels labels) {
        this.labels = labels;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        Map<String, String> own = labels.of(name);
        if (own.isEmpty()) {
            out().println(name + " has no labels of its own; add some: ssh " + hostHint() + " labels:set " + name
                    + " com.example.team=web");
            return OK;
        }
        TextTable rows = new TextTable().row("KEY", "VALUE");
        own.forEach(rows::row);
        rows.print(out());
        return OK;
    }
}
