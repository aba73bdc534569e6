package hiy.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Map;

@Command(name = "labels", mixinStandardHelpOptions = true,
        description = "Show the labels you put on an app's containers (HIY's own hiy.* labels are not listed).",
        footer = {"", "Example: ssh hiy@box labels blog", "Exit status: 0, 1 unknown app."})
final class LabelsCommand extends HiyCommand {
    @Parameters(paramLabel = "APP")
    String name;

    @Override
    protected int execute() throws UserError {
        app(name);
        Map<String, String> labels = hiy.labels().of(name);
        if (labels.isEmpty()) {
            out().println(name + " has no labels of its own; add some: ssh " + hostHint() + " labels:set " + name
                    + " com.example.team=web");
            return OK;
        }
        TextTable rows = new TextTable().row("KEY", "VALUE");
        labels.forEach(rows::row);
        rows.print(out());
        return OK;
    }
}
