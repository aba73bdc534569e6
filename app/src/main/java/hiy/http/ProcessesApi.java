package hiy.http;

import com.fasterxml.jackson.databind.JsonNode;
import hiy.commands.AppAccess;
import hiy.model.Procfile;
import hiy.release.ReleaseSwitch;
import hiy.release.ScaleRefused;
import hiy.release.Supervisor;
import hiy.release.SwitchFailure;
import hiy.runtime.ContainerRuntime;
import hiy.runtime.ContainerStatus;
import hiy.secrets.Redactor;
import hiy.store.Apps;
import hiy.store.Audit;
import hiy.store.ConfigVars;
import hiy.store.Formation;
import hiy.store.Processes;
import hiy.store.Releases;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static hiy.http.Exchanges.object;

/** An app's processes and their scale, as `ps` and `ps:scale` (the same switch: new ones healthy before surplus ones go). */
final class ProcessesApi {
    private final AppAccess appAccess;
    private final Processes processes;
    private final ContainerRuntime runtime;
    private final Supervisor supervisor;
    private final ConfigVars config;
    private final ReleaseSwitch releaseSwitch;
    private final Audit audit;
    private final Apps apps;
    private final Releases releases;
    private final Formation formation;

    ProcessesApi(AppAccess appAccess, Processes processes, ContainerRuntime runtime, Supervisor supervisor,
                 ConfigVars config, ReleaseSwitch releaseSwitch, Audit audit, Apps apps, Releases releases,
                 Formation formation) {
        this.appAccess = appAccess;
        this.processes = processes;
        this.runtime = runtime;
        this.supervisor = supervisor;
        this.config = config;
        this.releaseSwitch = releaseSwitch;
        this.audit = audit;
        this.apps = apps;
        this.releases = releases;
        this.formation = formation;
    }

    /** Each process HIY keeps for the app, with its container's state, restarts and last exit, as `ps`. */
    Map<String, Object> list(Caller caller, String name) throws ApiError {
        Apps.App app = caller.app(appAccess, name, false);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Processes.AppProcess p : processes.of(name)) {
            Optional<ContainerStatus> status = runtime.status(p.container());
            Supervisor.Health health = supervisor.health(name, p.name());
            rows.add(object("name", p.name(), "type", p.type(), "release", "v" + p.release(),
                    "state", status.map(ContainerStatus::state).orElse("missing"),
                    "started_at", status.map(ContainerStatus::startedAt).map(Object::toString).orElse(null),
                    "restarts", health.restarts(), "last_exit", health.lastExit(), "crash_loop", health.crashLoop(),
                    "memory_bytes", status.map(ContainerStatus::memoryBytes).orElse(null), "container", p.container()));
        }
        return object("app", name, "stopped", app.stopped(), "processes", rows, "formation", formation(app));
    }

    Map<String, Object> show(Caller caller, String name) throws ApiError {
        return object("app", name, "formation", formation(caller.app(appAccess, name, false)));
    }

    /**
     * {"web": 2, "worker": 1}: that many containers of each type, as ps:scale; answers once the new ones serve (or 502
     * and the scale stays as it was).
     */
    Map<String, Object> scale(Caller caller, String name, JsonNode body) throws ApiError {
        Apps.App app = caller.app(appAccess, name, true);
        Map<String, Integer> wanted = wanted(body);
        List<String> pairs = wanted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        String action = "ps:scale " + name + " " + String.join(" ", pairs);
        List<String> log = new ArrayList<>();
        Redactor redactor = Redactor.of(config.of(name).values());
        try {
            releaseSwitch.scale(name, wanted, line -> log.add(redactor.redact(line)));
        } catch (ScaleRefused e) {
            throw new ApiError(400, e.getMessage());
        } catch (SwitchFailure e) {
            caller.audit(audit, action, name, "failed");
            throw new ApiError(502, e.getMessage() + "; the scale stays as it was. See the processes: GET /api/apps/"
                    + name + "/processes");
        }
        caller.audit(audit, action, name, "ok");
        return object("app", name, "formation", formation(apps.find(name).orElse(app)), "log", log);
    }

    private static Map<String, Integer> wanted(JsonNode body) throws ApiError {
        if (!body.isObject() || body.isEmpty()) {
            throw new ApiError(400, "send the number of containers per process type, e.g. {\"web\": 2, \"worker\": 1}");
        }
        Map<String, Integer> wanted = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!Procfile.validType(e.getKey())) {
                throw new ApiError(400, "\"" + e.getKey() + "\" is not a process type: use a name from the Procfile, such as web or worker");
            }
            if (!e.getValue().canConvertToInt() || !e.getValue().isIntegralNumber()) {
                throw new ApiError(400, "the scale of " + e.getKey() + " is not a whole number: send e.g. {\"" + e.getKey() + "\": 2}");
            }
            wanted.put(e.getKey(), e.getValue().intValue());
        }
        return wanted;
    }

    private Map<String, Integer> formation(Apps.App app) {
        return formation.of(app.name(), releases.current(app));
    }
}
