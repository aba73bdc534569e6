package hiy.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How the Podman HIY talks to runs, as Podman itself reports it: rootless or as root, on which cgroup version, with
 * which cgroup controllers at its disposal. From that follows whether the memory and CPU limits HIY gives each
 * container hold: rootless Podman on cgroup v1 accepts them and ignores them ("Resource limits are not supported and
 * ignored on cgroups V1 rootless systems"), and on cgroup v2 it can apply only the controllers delegated to its user.
 */
public record EngineMode(boolean rootless, int cgroupVersion, List<String> controllers) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INFO = "/v4.0.0/libpod/info";

    public EngineMode {
        controllers = List.copyOf(controllers);
    }

    /** Whether the memory and CPU limits HIY sets are enforced, and why (or why not, with what would change it). */
    public record Limits(boolean enforced, String reason) {}

    public Limits limits() {
        if (!rootless) {
            return new Limits(true, "Podman runs as root and applies them through cgroup v" + cgroupVersion);
        }
        if (cgroupVersion < 2) {
            return new Limits(false, "rootless Podman on a cgroup v1 host ignores memory and CPU limits; boot the"
                    + " host with cgroup v2 (systemd.unified_cgroup_hierarchy=1), or run HIY with rootful Podman"
                    + " (HIY_ROOTFUL=1 infra/run.sh)");
        }
        List<String> missing = new ArrayList<>();
        for (String needed : List.of("memory", "cpu")) {
            if (!controllers.contains(needed)) missing.add(needed);
        }
        if (!missing.isEmpty()) {
            return new Limits(false, "the cgroup v2 controller(s) " + String.join(", ", missing) + " are not delegated"
                    + " to HIY's user, so rootless Podman cannot apply them; delegate them (Delegate=cpu cpuset io"
                    + " memory pids for user@.service, see docs/install.md) and restart HIY");
        }
        return new Limits(true, "rootless Podman applies them through the cgroup v2 controllers delegated to its user");
    }

    /** One word each, as a log line or a report shows it: "rootless, cgroup v1". */
    public String describe() {
        return (rootless ? "rootless" : "rootful") + ", cgroup v" + cgroupVersion;
    }

    /** Asks Podman through its libpod info call, which says more than the Docker-compatible one. */
    static EngineMode read(DockerHttpClient http) throws RuntimeFailure {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET).path(INFO).build();
        try (DockerHttpClient.Response response = http.execute(request)) {
            byte[] body = response.getBody().readAllBytes();
            if (response.getStatusCode() != 200) {
                throw new RuntimeFailure("Podman did not say how it runs (" + INFO + " answered "
                        + response.getStatusCode() + "): check that `podman info` works for this user");
            }
            return parse(JSON.readTree(body));
        } catch (IOException | RuntimeException e) {
            throw new RuntimeFailure("Podman did not say how it runs (" + INFO + "): " + e.getMessage()
                    + "; check that `podman info` works for this user", e);
        }
    }

    /** An answer that does not say both (not Podman 4, or damaged) is refused: HIY must not guess at limits. */
    static EngineMode parse(JsonNode info) {
        JsonNode host = info.path("host");
        JsonNode rootless = host.path("security").path("rootless");
        String version = host.path("cgroupVersion").asText("");
        if (!rootless.isBoolean() || !version.matches("v[12]")) {
            throw new IllegalArgumentException("its answer names no host.security.rootless or host.cgroupVersion");
        }
        List<String> controllers = new ArrayList<>();
        host.path("cgroupControllers").forEach(c -> controllers.add(c.asText()));
        return new EngineMode(rootless.asBoolean(), version.equals("v2") ? 2 : 1, controllers);
    }
}
