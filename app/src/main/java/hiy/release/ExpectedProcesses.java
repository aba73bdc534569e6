package hiy.release;

import hiy.model.Procfile;
import hiy.runtime.ContainerRuntime;
import hiy.store.Apps.App;
import hiy.store.Formation;
import hiy.store.Processes.AppProcess;
import hiy.store.Processes;
import hiy.store.Releases.Release;
import hiy.store.Releases;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What should run, for `ps`, the supervisor and the metrics: each process the app's formation asks of its current
 * release, with its container if HIY has one for it. Reads only; the switch is what changes it.
 */
public final class ExpectedProcesses {
    private final Releases releases;
    private final Processes processes;
    private final Formation formation;
    private final ContainerRuntime runtime;

    /** One process an app's formation asks for, and its container if HIY has one for it. */
    public record Expected(String type, int index, Optional<AppProcess> process) {
        public String name() {
            return type + "." + index;
        }
    }

    public ExpectedProcesses(Releases releases, Processes processes, Formation formation, ContainerRuntime runtime) {
        this.releases = releases;
        this.processes = processes;
        this.formation = formation;
        this.runtime = runtime;
    }

    /** Each process the formation asks of the current release, with its container; none while the app is stopped. */
    public List<Expected> of(App app) {
        return releases.current(app).filter(r -> !app.stopped()).map(r -> of(app, r)).orElse(List.of());
    }

    /** Each process the formation asks of this release, stopped or not. */
    List<Expected> of(App app, Release r) {
        if (r.isStatic()) return List.of(); // a static site: Caddy serves its files, no process runs
        Procfile procfile = Procfile.stored(r.procfile());
        List<AppProcess> rows = processes.of(app.name(), r.version());
        List<Expected> all = new ArrayList<>();
        for (String type : procfile.types()) {
            int n = formation.quantity(app.name(), type);
            for (int i = 1; i <= n; i++) {
                int index = i;
                all.add(new Expected(type, i, rows.stream()
                        .filter(p -> p.type().equals(type) && p.index() == index).findFirst()));
            }
        }
        return all;
    }

    /** Whether the process has a container and it runs. */
    public boolean runs(Expected e) {
        return e.process().isPresent() && runtime.isRunning(e.process().get().container());
    }
}
