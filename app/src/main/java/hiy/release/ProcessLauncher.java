package hiy.release;

import hiy.model.Durations;
import hiy.model.HealthCheck;
import hiy.model.Instance;
import hiy.model.LineSink;
import hiy.model.Procfile;
import hiy.routing.RouteTable;
import hiy.runtime.ContainerRuntime;
import hiy.runtime.ContainerSpec;
import hiy.runtime.RuntimeFailure;
import hiy.store.Processes.AppProcess;
import hiy.store.Formation;
import hiy.store.Processes;
import hiy.store.Releases.Release;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Starts the containers of a release's processes and proves them up: a web process must answer its health check
 * on its slot, any other must still be running. Each container is recorded as soon as it exists, so an HIY
 * killed half way knows what to clean up.
 */
final class ProcessLauncher {
    private static final int LOG_LINES_ON_FAILURE = 20;

    private final ContainerRuntime runtime;
    private final Processes processes;
    private final Formation formation;
    private final RouteTable routes;
    private final AppShapes shapes;
    private final SlotGate gate;
    private final SlotAllocation slots;

    ProcessLauncher(ContainerRuntime runtime, Processes processes, Formation formation, RouteTable routes,
                    AppShapes shapes, SlotGate gate, SlotAllocation slots) {
        this.formation = formation;
        this.gate = gate;
        this.slots = slots;
        this.runtime = runtime;
        this.processes = processes;
        this.routes = routes;
        this.shapes = shapes;
    }

    /**
     * Starts every process the formation asks of the release in fresh containers and waits until all are up; if one
     * is not, all of them are removed. serving: what keeps serving meanwhile, for the message.
     */
    List<AppProcess> startFormation(Release r, Procfile procfile, Map<String, String> env, HealthCheck check,
                                    String serving, LineSink log) throws SwitchFailure {
        List<AppProcess> started = new ArrayList<>();
        try {
            for (String type : procfile.types()) {
                for (int i = 1; i <= formation.quantity(r.app(), type); i++) {
                    started.add(launch(r, procfile, type, i, env, null, null, log));
                }
            }
            for (AppProcess p : started) awaitUp(p, r, check, serving, log);
        } catch (SwitchFailure e) {
            started.forEach(this::remove);
            throw e;
        }
        return started;
    }

    /**
     * Creates and starts the container of process type.index of the release. A web process gets slot port, or a
     * free slot of the app if port is null; any other gets no traffic. name: the container's name, or null for a
     * fresh one.
     */
    AppProcess launch(Release r, Procfile procfile, String type, int index, Map<String, String> env, Integer port,
                      String name, LineSink log) throws SwitchFailure {
        Integer slot = Procfile.WEB.equals(type) ? (port != null ? port : slots.freeSlot(r.app(), log)) : null;
        return launchOn(slot, r, procfile, type, index, env, name);
    }

    private AppProcess launchOn(Integer port, Release r, Procfile procfile, String type, int index,
                                Map<String, String> env, String name) throws SwitchFailure {
        String container = name != null ? name : freshName(r, type, index);
        AppProcess p = new AppProcess(container, r.app(), r.version(), type, index, port);
        Map<String, String> containerEnv = new HashMap<>(env);
        containerEnv.put("PORT", String.valueOf(r.appPort()));
        containerEnv.put("DYNO", p.name());
        List<String> command = procfile.command(type).map(Procfile::shell).orElse(null);
        // Withheld until it is up: Caddy must not find out by sending it a request (a POST's body would be lost).
        // Brief holds from now on, so that Caddy takes the slot soon after its health check passes.
        if (port != null) {
            routes.withhold(List.of(port));
            routes.readying(port);
            gate.guard(port);
        }
        processes.add(p);
        try {
            runtime.start(new ContainerSpec(r.app(), container, r.image(), port, r.appPort(), command, containerEnv,
                    labels(r, p.name()), shapes.of(r.app(), type)));
        } catch (RuntimeFailure e) {
            processes.remove(container);
            if (port != null) {
                gate.unguard(port);
                routes.restore(List.of(port));
            }
            throw new SwitchFailure("could not start " + describe(p) + ": " + e.getMessage());
        }
        return p;
    }

    static Map<String, String> labels(Release r, String process) {
        return Map.of(Instance.APP_LABEL, r.app(), Instance.RELEASE_LABEL, String.valueOf(r.version()),
                Instance.PROCESS_LABEL, process);
    }

    /**
     * Waits until the process is up; if it is not, removes it (container and record), shows the end of its log
     * and explains. serving: what keeps serving meanwhile, for the message.
     */
    void awaitUp(AppProcess p, Release r, HealthCheck check, String serving, LineSink log) throws SwitchFailure {
        String what = describe(p);
        try {
            if (p.isWeb()) {
                Duration healthy = HttpHealthCheck.awaitHealthy(p.port(), check, () -> runtime.isRunning(p.container()));
                log.line("-----> Starting " + what + " … healthy in " + Durations.seconds(healthy));
                gate.unguard(p.port());
                routes.restore(List.of(p.port()));
                return;
            }
            if (runtime.isRunning(p.container())) {
                log.line("-----> Starting " + what + " … running");
                return;
            }
            failed(p, log, "it exited at once");
        } catch (RuntimeFailure notHealthy) {
            failed(p, log, notHealthy.getMessage());
        }
        if (!p.isWeb()) {
            throw new SwitchFailure(what + " exited as it started; " + serving + ". Fix its command in the Procfile ("
                    + p.type() + ": …), then push again");
        }
        throw new SwitchFailure(what + " did not become healthy; " + serving + ". Make the app answer HTTP on $PORT ("
                + r.appPort() + ") at " + check.path() + " within " + check.bootTimeout().toSeconds()
                + " s, then try again");
    }

    private void failed(AppProcess p, LineSink log, String why) {
        List<String> lastLines = runtime.lastLogLines(p.container(), LOG_LINES_ON_FAILURE);
        remove(p);
        log.line("-----> Starting " + describe(p) + " … failed: " + why);
        if (!lastLines.isEmpty()) {
            log.line("       Last lines of its log:");
            lastLines.forEach(l -> log.line("       | " + l));
        }
    }

    /** Removes the container at once (it never served) and forgets it. */
    void remove(AppProcess p) {
        runtime.stopAndRemove(p.container(), Duration.ZERO);
        processes.remove(p.container());
        if (p.isWeb()) {
            gate.unguard(p.port());
            routes.restore(List.of(p.port()));
        }
    }

    static String describe(AppProcess p) {
        return "release v" + p.release() + " " + p.name();
    }

    /** hiy-INSTANCE-APP-vN-TYPE-I, with a -2, -3 … suffix while a container of that name is still the app's (a restart). */
    private String freshName(Release r, String type, int index) {
        String base = runtime.instance().containerName(r.app(), "v" + r.version() + "-" + type + "-" + index);
        Set<String> taken = processes.of(r.app()).stream().map(AppProcess::container).collect(Collectors.toSet());
        String name = base;
        for (int n = 2; taken.contains(name); n++) name = base + "-" + n;
        return name;
    }
}
