package hiy.commands;

import hiy.store.Labels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;

@Command(name = "labels:unset", mixinStandardHelpOptions = true,
        description = "Remove labels from the app's containers; the app restarts without them, health-gated.",
        footer = {"", "Example: ssh hiy@box labels:unset blog com.example.team",
                "Exit status: 0, 1 unknown app or label, or the restarted app did not get healthy."})
final class LabelsUnsetCommand extends HiyCommand {
    private final Labels labels;
    private final ShapeChange shapeChange;

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY")
    List<String> keys;

    LabelsUnsetCommand(Labels labels, ShapeChange shapeChange) {
        this.labels = labels;
        this.shapeChange = shapeChange;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        Map<String, String> own = labels.of(name);
        for (String key : keys) {
            if (!own.containsKey(key)) {
                throw new UserError(name + " has no label " + key + "; see: ssh " + hostHint() + " labels " + name);
            }
        }
        return shapeChange.apply(this, name, () -> labels.unset(name, keys),
                "Removed label(s) " + String.join(", ", keys) + " from " + name);
    }

    @Override protected String auditAction() { return "labels:unset " + name + " " + String.join(" ", keys); }
    @Override protected String auditApp() { return name; }
}
