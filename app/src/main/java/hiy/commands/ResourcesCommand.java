package hiy.commands;

import hiy.config.Settings;
import hiy.model.Procfile;
import hiy.store.Limits;
import hiy.store.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

@Command(name = "resources", mixinStandardHelpOptions = true,
        description = "Show the memory and CPU limits of each of an app's process types, and where each comes from.",
        footer = {"", "Example: ssh hiy@box resources blog", "Exit status: 0, 1 unknown app."})
final class ResourcesCommand extends HiyCommand {
    private final Settings settings;
    private final Releases releases;
    private final Limits limits;

    @Parameters(paramLabel = "APP")
    String name;

    ResourcesCommand(Settings settings, Releases releases, Limits limits) {
        this.settings = settings;
        this.releases = releases;
        this.limits = limits;
    }

    @Override
    protected int execute() throws UserError {
        var app = app(name);
        Map<String, Limits.Limit> set = limits.of(name);
        Limits.Limit defaults = defaults(settings);
        Set<String> types = new LinkedHashSet<>();
        var current = releases.current(app).orElse(null);
        if (current != null) types.addAll(Procfile.stored(current.procfile()).types());
        set.keySet().stream().filter(t -> !t.isEmpty()).forEach(types::add);
        Limits.Limit all = set.getOrDefault(Limits.ALL, Limits.Limit.NONE);
        TextTable rows = new TextTable().row("PROCESS", "MEMORY", "CPUS", "SET BY");
        rows.row("(app)", memory(all.over(defaults)), cpus(all.over(defaults)), source(all));
        for (String type : types) {
            Limits.Limit own = set.getOrDefault(type, Limits.Limit.NONE);
            Limits.Limit effective = own.over(all).over(defaults);
            rows.row(type, memory(effective), cpus(effective), own.equals(Limits.Limit.NONE) ? "as (app)" : "--process " + type);
        }
        rows.print(out());
        return OK;
    }

    static Limits.Limit defaults(Settings settings) {
        return new Limits.Limit((int) (settings.memoryBytes() / (1024 * 1024)), settings.cpus());
    }

    static String describe(Limits.Limit l) {
        return "memory " + memory(l) + ", cpus " + cpus(l);
    }

    private static String memory(Limits.Limit l) {
        return l.memoryMb() + " MB";
    }

    private static String cpus(Limits.Limit l) {
        return String.valueOf(l.cpus());
    }

    private static String source(Limits.Limit l) {
        if (l.equals(Limits.Limit.NONE)) return "HIY_MEMORY_MB, HIY_CPUS";
        if (l.memoryMb() == null) return "resources:set (cpus), HIY_MEMORY_MB";
        if (l.cpus() == null) return "resources:set (memory), HIY_CPUS";
        return "resources:set";
    }
}
