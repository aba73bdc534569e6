package hiy.commands;

import hiy.runtime.ContainerRuntime;
import hiy.store.Volumes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "storage", mixinStandardHelpOptions = true,
        description = "List an app's volumes: where each is mounted in its containers, and whether only one release"
                + " at a time mounts it.",
        footer = {"", "Example: ssh hiy@box storage blog", "Exit status: 0, 1 unknown app."})
final class StorageCommand extends HiyCommand {
    private final Volumes volumes;
    private final ContainerRuntime runtime;

    @Parameters(paramLabel = "APP")
    String name;

    StorageCommand(Volumes volumes, ContainerRuntime runtime) {
        this.volumes = volumes;
        this.runtime = runtime;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        List<Volumes.Volume> all = volumes.of(name);
        if (all.isEmpty()) {
            out().println(name + " has no volumes; add one: ssh " + hostHint() + " storage:mount " + name + " data:/data");
            return OK;
        }
        TextTable rows = new TextTable().row("NAME", "PATH", "MODE", "PODMAN VOLUME");
        for (Volumes.Volume v : all) {
            rows.row(v.name(), v.mounted() ? v.path() : "(not mounted, data kept)",
                    v.exclusive() ? "exclusive" : "shared", runtime.instance().volume(name, v.name()));
        }
        rows.print(out());
        return OK;
    }
}
