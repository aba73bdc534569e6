package hiy.ssh.commands;

import hiy.runtime.ContainerStatus;
import hiy.store.Apps;
import hiy.store.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@Command(name = "ps", mixinStandardHelpOptions = true,
        description = "Show an app's containers: state, uptime, restarts, memory use.",
        footer = {"", "Example: ssh hiy@box ps blog", "Exit status: 0, 1 unknown app."})
final class PsCommand extends HiyCommand {

    @Parameters(paramLabel = "APP")
    String name;

    @Override
    protected int execute() throws UserError {
        Apps.App app = app(name);
        Releases.Release current = Releasing.current(this, app);
        List<String> containers = hiy.runtime().containersOf(name);
        if (containers.isEmpty()) {
            if (current == null) {
                out().println(name + " has no containers: it was never deployed. Deploy it: "
                        + pushCommand(name));
            } else {
                out().println(name + " has no containers" + (app.stopped() ? ": it is stopped." : ".")
                        + " Start it: ssh " + hostHint() + " start " + name);
            }
            return OK;
        }
        Instant now = Instant.now();
        int width = containers.stream().mapToInt(String::length).max().orElse(0) + " (current)".length();
        String row = "%-" + width + "s  %-8s  %-12s  %-8s  %s%n";
        out().printf(row, "CONTAINER", "STATE", "UP", "RESTARTS", "MEMORY");
        for (String container : containers) {
            Optional<ContainerStatus> status = hiy.runtime().status(container);
            if (status.isEmpty()) continue;
            ContainerStatus s = status.get();
            boolean isCurrent = current != null && container.equals(current.container());
            out().printf(row, container + (isCurrent ? " (current)" : ""), s.state(),
                    s.startedAt() == null ? "-" : Releasing.duration(Duration.between(s.startedAt(), now)),
                    s.restarts(), memory(s.memoryBytes()));
        }
        return OK;
    }

    private String memory(Long bytes) {
        if (bytes == null) return "-";
        return megabytes(bytes) + " of " + megabytes(hiy.settings().memoryBytes());
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
