package hiy.commands;

import hiy.model.Durations;
import hiy.model.Procfile;
import hiy.release.AppShapes;
import hiy.release.Supervisor;
import hiy.runtime.ContainerRuntime;
import hiy.runtime.ContainerStatus;
import hiy.runtime.EngineMode;
import hiy.runtime.ProcessShape;
import hiy.store.Apps;
import hiy.store.Formation;
import hiy.store.Processes.AppProcess;
import hiy.store.Processes;
import hiy.store.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@Command(name = "ps", mixinStandardHelpOptions = true,
        description = "Show an app's processes (web.1, worker.1 …): state, uptime, restarts, last exit, memory use "
                + "next to its limits, and its scale; and a line saying so when this host does not enforce the limits.",
        footer = {"", "Example: ssh hiy@box ps blog", "Exit status: 0, 1 unknown app."})
final class PsCommand extends HiyCommand {
    private final Releases releases;
    private final Processes processes;
    private final Formation formation;
    private final AppShapes shapes;
    private final ContainerRuntime runtime;
    private final Supervisor supervisor;


    @Parameters(paramLabel = "APP")
    String name;

    PsCommand(Releases releases, Processes processes, Formation formation, AppShapes shapes, ContainerRuntime runtime,
              Supervisor supervisor) {
        this.releases = releases;
        this.processes = processes;
        this.formation = formation;
        this.shapes = shapes;
        this.runtime = runtime;
        this.supervisor = supervisor;
    }

    @Override
    protected int execute() throws UserError {
        Apps.App app = app(name);
        Releases.Release current = releases.current(app).orElse(null);
        if (current == null) {
            out().println(name + " has no processes: it was never deployed. Deploy it: " + pushCommand(name));
            return OK;
        }
        List<AppProcess> listed = processes.of(name);
        if (current.isStatic() && listed.isEmpty()) {
            out().println(name + " is " + AppStatus.STATIC + ": release v" + current.version() + " is a static site,"
                    + " served by Caddy from its files" + (app.stopped() ? " (stopped: it answers 503; start it: ssh "
                    + hostHint() + " start " + name + ")" : "") + "; no process runs, so there is nothing to scale");
            return OK;
        }
        if (listed.isEmpty()) {
            out().println(name + " has no processes" + (app.stopped() ? ": it is stopped. Start it: ssh " + hostHint()
                    + " start " + name : ". Scale it: ssh " + hostHint() + " ps:scale " + name + " web=1"));
        } else {
            table(listed, current);
        }
        out().println("Scale: " + PsScaleCommand.describe(formation, name, Procfile.stored(current.procfile()))
                + (app.stopped() ? " (stopped)" : ""));
        unenforcedLimits(runtime).ifPresent(out()::println);
        return OK;
    }

    /** The line `ps` and `apps:report` print when the host does not hold containers to their limits; else empty. */
    static Optional<String> unenforcedLimits(ContainerRuntime runtime) {
        EngineMode.Limits limits = runtime.limitsEnforced();
        return limits.enforced() ? Optional.empty()
                : Optional.of("Limits: not enforced (HIY_MEMORY_MB, HIY_CPUS): " + limits.reason());
    }

    private void table(List<AppProcess> processes, Releases.Release current) {
        Instant now = Instant.now();
        TextTable rows = new TextTable().row("PROCESS", "RELEASE", "STATE", "UP", "RESTARTS", "LAST EXIT", "MEMORY (LIMIT)",
                "CONTAINER");
        for (AppProcess p : processes) {
            Optional<ContainerStatus> status = runtime.status(p.container());
            Supervisor.Health health = supervisor.health(name, p.name());
            rows.row(
                    p.name(),
                    "v" + p.release() + (p.release() == current.version() ? "" : " (old)"),
                    status.map(ContainerStatus::state).orElse("missing"),
                    status.map(ContainerStatus::startedAt).map(t -> Durations.duration(Duration.between(t, now)))
                            .orElse("-"),
                    String.valueOf(health.restarts()),
                    health.lastExit() == null ? "-" : health.lastExit() + (health.crashLoop() ? " (crash loop)" : ""),
                    memory(status.map(ContainerStatus::memoryBytes).orElse(null), shapes.of(name, p.type())),
                    p.container() + (p.port() == null ? "" : " :" + p.port()));
        }
        rows.print(out());
    }

    /** The use next to the limit (resources:set, else HIY_MEMORY_MB), and the CPU limit; none where not enforced. */
    private String memory(Long bytes, ProcessShape shape) {
        String use = bytes == null ? "-" : megabytes(bytes);
        if (!runtime.limitsEnforced().enforced()) return use + " (no limit)";
        return use + " of " + megabytes(shape.memoryBytes()) + ", " + shape.cpus() + " CPU";
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
