package hiy.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.transport.DockerHttpClient;

import java.util.List;
import java.util.Optional;

/**
 * How the Podman HIY talks to runs, as Podman itself reports it: rootless or as root, on which cgroup version, with
 * which cgroup controllers at its disposal. From that follows whether the memory and CPU limits HIY gives each
 * container hold: rootless Podman on cgroup v1 accepts them and ignores them ("Resource limits are not supported and
 * ignored on cgroups V1 rootless systems"), and on cgroup v2 it can apply only the controllers delegated to its user.
 */
public record EngineMode(boolean rootless, int cgroupVersion, List<String> controllers) {
    public EngineMode {
        controllers = List.copyOf(controllers);
    }

    /** Whether the memory and CPU limits HIY sets are enforced, and why (or why not, with what would change it). */
    public record Limits(boolean enforced, String reason) {}

    /** The rule is {@link EngineInfo#limitsNotEnforced()}'s; this only words it for `ps`, `apps:report` and the log. */
    public Limits limits() {
        Optional<String> ignored = EngineInfo.limitsNotEnforced(rootless, cgroupVersion, controllers);
        if (ignored.isPresent()) return new Limits(false, ignored.get() + "; " + EngineInfo.limitsFix(cgroupVersion));
        return new Limits(true, rootless
                ? "rootless Podman applies them through the cgroup v2 controllers delegated to its user"
                : "Podman runs as root and applies them through cgroup v" + cgroupVersion);
    }

    /** One word each, as a log line or a report shows it: "rootless, cgroup v1". */
    public String describe() {
        return (rootless ? "rootless" : "rootful") + ", cgroup v" + cgroupVersion;
    }

    static EngineMode read(DockerHttpClient http) throws RuntimeFailure {
        EngineInfo info = EngineInfo.read(http, "Podman");
        if (info.cgroupVersion() != 1 && info.cgroupVersion() != 2) {
            throw new RuntimeFailure("Podman did not say which cgroup version it uses; " + EngineInfo.FIX);
        }
        return new EngineMode(info.rootless(), info.cgroupVersion(), info.cgroupControllers());
    }

    /** An answer that does not say both (not Podman 4, or damaged) is refused: HIY must not guess at limits. */
    static EngineMode parse(JsonNode info) {
        JsonNode host = info.path("host");
        if (!host.path("security").path("rootless").isBoolean() || !host.path("cgroupVersion").asText("").matches("v[12]")) {
            throw new IllegalArgumentException("its answer names no host.security.rootless or host.cgroupVersion");
        }
        EngineInfo parsed = EngineInfo.parse(info);
        return new EngineMode(parsed.rootless(), parsed.cgroupVersion(), parsed.cgroupControllers());
    }
}
