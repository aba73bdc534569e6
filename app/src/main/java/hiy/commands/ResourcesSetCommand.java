package hiy.commands;

import hiy.config.Settings;
import hiy.model.Procfile;
import hiy.store.Limits;
import hiy.store.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "resources:set", mixinStandardHelpOptions = true,
        description = "Set the memory and CPU limits of an app's containers, or of one process type; the app restarts"
                + " with them, health-gated.",
        footer = {"", "Example: ssh hiy@box resources:set blog memory=256M cpus=0.25",
                "         ssh hiy@box resources:set blog memory=1G --process worker",
                "         ssh hiy@box resources:set blog memory=default   (back to HIY_MEMORY_MB)",
                "memory: 16M to 65536M (M or G); cpus: 0.01 up to the box's CPU count. A type's own limits win over"
                        + " the app's, which win over HIY_MEMORY_MB and HIY_CPUS. release: and run use the app's.",
                "A process over its memory limit is killed; ps shows: last exit: out of memory (limit 256 MB).",
                "Exit status: 0, 1 bad key or value, unknown app or process type, or the restarted app did not get healthy."})
final class ResourcesSetCommand extends HiyCommand {
    private static final Pattern MEMORY = Pattern.compile("(\\d{1,6})([MmGg][Bb]?)?");
    private static final Pattern CPUS = Pattern.compile("\\d{1,3}(\\.\\d{1,2})?");
    static final int MIN_MEMORY_MB = 16;
    static final int MAX_MEMORY_MB = 65_536;

    private final Settings settings;
    private final Releases releases;
    private final Limits limits;
    private final ShapeChange shapeChange;

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE")
    List<String> pairs;

    @Option(names = "--process", paramLabel = "TYPE", description = "only this process type (web, worker …)")
    String process;

    ResourcesSetCommand(Settings settings, Releases releases, Limits limits, ShapeChange shapeChange) {
        this.settings = settings;
        this.releases = releases;
        this.limits = limits;
        this.shapeChange = shapeChange;
    }

    @Override
    protected int execute() throws UserError {
        var app = app(name);
        String type = process == null ? Limits.ALL : checkType(app);
        Limits.Limit set = limits.of(name).getOrDefault(type, Limits.Limit.NONE);
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq < 0) throw new UserError("\"" + pair + "\" has no '=': write KEY=VALUE, e.g. memory=256M cpus=0.5");
            String key = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            boolean reset = value.equals("default");
            set = switch (key) {
                case "memory" -> new Limits.Limit(reset ? null : memoryMb(value), set.cpus());
                case "cpus" -> new Limits.Limit(set.memoryMb(), reset ? null : cpus(value));
                default -> throw new UserError("unknown key \"" + key + "\": use memory or cpus");
            };
        }
        Limits.Limit limit = set;
        String what = type.isEmpty() ? name : name + " " + type;
        return shapeChange.apply(this, name, () -> limits.put(name, type, limit),
                "Limits of " + what + ": " + ResourcesCommand.describe(limit.over(ResourcesCommand.defaults(settings))));
    }

    private String checkType(hiy.store.Apps.App app) throws UserError {
        if (!Procfile.validType(process) || Procfile.RELEASE.equals(process)) {
            throw new UserError("\"" + process + "\" is not a process type: use one from the Procfile, such as web or worker");
        }
        var current = releases.current(app).orElse(null);
        if (current != null && !Procfile.stored(current.procfile()).has(process)) {
            throw new UserError(name + " has no process type " + process + "; its Procfile has: "
                    + String.join(", ", Procfile.stored(current.procfile()).types()));
        }
        return process;
    }

    private static int memoryMb(String value) throws UserError {
        Matcher m = MEMORY.matcher(value);
        if (m.matches()) {
            long mb = Long.parseLong(m.group(1)) * (m.group(2) != null && m.group(2).toLowerCase().startsWith("g") ? 1024 : 1);
            if (mb >= MIN_MEMORY_MB && mb <= MAX_MEMORY_MB) return (int) mb;
        }
        throw new UserError("memory must be " + MIN_MEMORY_MB + "M to " + MAX_MEMORY_MB + "M, written like 256M or 1G"
                + " (got \"" + value + "\")");
    }

    private static double cpus(String value) throws UserError {
        int cores = Runtime.getRuntime().availableProcessors();
        if (CPUS.matcher(value).matches()) {
            double d = Double.parseDouble(value);
            if (d >= 0.01 && d <= cores) return d;
        }
        throw new UserError("cpus must be a number from 0.01 to " + cores + " (this box's CPUs), like 0.25 or 1"
                + " (got \"" + value + "\")");
    }

    @Override protected String auditAction() { return "resources:set " + name + " " + String.join(" ", pairs) + (process == null ? "" : " --process " + process); }
    @Override protected String auditApp() { return name; }
}
