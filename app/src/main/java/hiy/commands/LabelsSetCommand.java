package hiy.commands;

import hiy.runtime.UserLabels;
import hiy.store.Labels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

@Command(name = "labels:set", mixinStandardHelpOptions = true,
        description = "Put labels on every container of the app (podman inspect and podman ps --filter see them);"
                + " the app restarts with them, health-gated.",
        footer = {"", "Example: ssh hiy@box labels:set blog com.example.team=web com.example.cost-centre=42",
                "Keys: up to 128 of letters, digits and . _ / -; hiy.* is HIY's own and refused. Values: up to 256"
                        + " printable characters. At most " + UserLabels.MAX_PER_APP + " labels per app.",
                "Exit status: 0, 1 bad key or value, unknown app, or the restarted app did not get healthy."})
final class LabelsSetCommand extends HiyCommand {
    private final Labels labels;
    private final ShapeChange shapeChange;

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE")
    List<String> pairs;

    private final Map<String, String> wanted = new LinkedHashMap<>();

    LabelsSetCommand(Labels labels, ShapeChange shapeChange) {
        this.labels = labels;
        this.shapeChange = shapeChange;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq < 0) throw new UserError("\"" + pair + "\" has no '=': write KEY=VALUE, e.g. com.example.team=web");
            String key = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            try {
                UserLabels.checkKey(key);
                UserLabels.checkValue(key, value);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            wanted.put(key, value);
        }
        Set<String> all = new HashSet<>(labels.of(name).keySet());
        all.addAll(wanted.keySet());
        if (all.size() > UserLabels.MAX_PER_APP) {
            throw new UserError(name + " would have " + all.size() + " labels, more than " + UserLabels.MAX_PER_APP
                    + "; remove some first: ssh " + hostHint() + " labels:unset " + name + " KEY…");
        }
        return shapeChange.apply(this, name, () -> labels.set(name, wanted),
                "Set label(s) " + String.join(", ", wanted.keySet()) + " on " + name);
    }

    @Override protected String auditAction() { return "labels:set " + name + " " + String.join(" ", wanted.keySet()); }
    @Override protected String auditApp() { return name; }
}
