package hiy.commands;

import hiy.runtime.ContainerRuntime;
import hiy.store.Volumes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "storage:report", mixinStandardHelpOptions = true,
        description = "Show the size of each of an app's volumes.",
        footer = {"", "Example: ssh hiy@box storage:report blog", "Exit status: 0, 1 unknown app."})
final class StorageReportCommand extends HiyCommand {
    private final Volumes volumes;
    private final ContainerRuntime runtime;

    @Parameters(paramLabel = "APP")
    String name;

    StorageReportCommand(Volumes volumes, ContainerRuntime runtime) {
        this.volumes = volumes;
        this.runtime = runtime;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        List<Volumes.Volume> all = volumes.of(name);
        if (all.isEmpty()) {
            out().println(name + " has no volumes.");
            return OK;
        }
        TextTable rows = new TextTable().row("NAME", "PATH", "SIZE");
        long total = 0;
        for (Volumes.Volume v : all) {
            var size = runtime.volumeSize(name, v.name());
            total += size.orElse(0L);
            rows.row(v.name(), v.mounted() ? v.path() : "(not mounted)", size.map(StorageReportCommand::bytes).orElse("unknown"));
        }
        rows.print(out());
        out().println("Total: " + bytes(total));
        return OK;
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format("%.1f KB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format("%.1f MB", n / (1024.0 * 1024));
        return String.format("%.2f GB", n / (1024.0 * 1024 * 1024));
    }
}
