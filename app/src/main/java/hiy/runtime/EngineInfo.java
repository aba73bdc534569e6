package hiy.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What Podman says about itself and its host (libpod's {@code /info}, as {@code podman info}): the OCI runtime, rootless
 * or not, the cgroup version and the controllers it may use, and where it keeps images. Also the one rule for whether
 * the memory and CPU limits HIY sets on app containers are enforced.
 */
public record EngineInfo(String version, String runtimeName, String runtimePath, String runtimeVersion,
                         boolean rootless, int cgroupVersion, List<String> cgroupControllers, String cgroupManager,
                         String graphRoot, long graphRootAllocated, long graphRootUsed) {
    /** What to do when Podman does not describe itself. */
    public static final String FIX = "check that `podman info` works for the user HIY runs as";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INFO = "/v4.0.0/libpod/info";
    private static final List<String> LIMIT_CONTROLLERS = List.of("memory", "cpu");

    public static EngineInfo read(PodmanConnection podman) throws RuntimeFailure {
        return read(podman.http(), "Podman on " + podman.socket());
    }

    /** Asks Podman through its libpod info call, which says more than the Docker-compatible one; who: for errors. */
    static EngineInfo read(DockerHttpClient http, String who) throws RuntimeFailure {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET).path(INFO).build();
        try (DockerHttpClient.Response response = http.execute(request)) {
            byte[] body = response.getBody().readAllBytes();
            if (response.getStatusCode() != 200) {
                throw new RuntimeFailure(who + " answered " + INFO + " with HTTP "
                        + response.getStatusCode() + ": " + new String(body).strip() + "; " + FIX);
            }
            return parse(JSON.readTree(body));
        } catch (IOException | RuntimeException e) {
            throw new RuntimeFailure(who + " did not describe itself (" + INFO + "): "
                    + e.getMessage() + "; " + FIX, e);
        }
    }

    static EngineInfo parse(JsonNode info) {
        JsonNode host = info.path("host");
        JsonNode runtime = host.path("ociRuntime");
        JsonNode store = info.path("store");
        List<String> controllers = new ArrayList<>();
        host.path("cgroupControllers").forEach(c -> controllers.add(c.asText()));
        String cgroup = host.path("cgroupVersion").asText("");
        return new EngineInfo(info.path("version").path("Version").asText(""), runtime.path("name").asText(""),
                runtime.path("path").asText(""), runtime.path("version").asText("").lines().findFirst().orElse(""),
                host.path("security").path("rootless").asBoolean(false),
                cgroup.startsWith("v") ? parseInt(cgroup.substring(1)) : parseInt(cgroup), List.copyOf(controllers),
                host.path("cgroupManager").asText(""), store.path("graphRoot").asText(""),
                store.path("graphRootAllocated").asLong(0), store.path("graphRootUsed").asLong(0));
    }

    /**
     * Why Podman ignores the memory and CPU limits HIY gives app containers, or empty when it enforces them. Rootless
     * Podman on cgroup v1 ignores them ("Resource limits are not supported and ignored on cgroups V1 rootless
     * systems"); on cgroup v2 it needs the memory and cpu controllers delegated to the user (systemd does that).
     */
    public Optional<String> limitsNotEnforced() {
        return limitsNotEnforced(rootless, cgroupVersion, cgroupControllers);
    }

    /** The rule of {@link #limitsNotEnforced()}, for whatever knows these three facts. */
    static Optional<String> limitsNotEnforced(boolean rootless, int cgroupVersion, List<String> controllers) {
        if (!rootless) return Optional.empty();
        if (cgroupVersion == 1) {
            return Optional.of("rootless Podman on cgroup v1 ignores memory and CPU limits: an app can use all of the"
                    + " box's memory and CPU");
        }
        List<String> missing = LIMIT_CONTROLLERS.stream().filter(c -> !controllers.contains(c)).toList();
        if (!missing.isEmpty()) {
            return Optional.of("rootless Podman may not use the cgroup v2 controller(s) " + String.join(", ", missing)
                    + " (not delegated to this user): memory and CPU limits are ignored");
        }
        return Optional.empty();
    }

    /** What makes the limits enforced, for {@link #limitsNotEnforced()}. */
    public String limitsFix() {
        return limitsFix(cgroupVersion);
    }

    static String limitsFix(int cgroupVersion) {
        return cgroupVersion == 1
                ? "boot the box with cgroup v2 (add systemd.unified_cgroup_hierarchy=1 to the kernel command line), or"
                        + " run HIY with rootful Podman (HIY_ROOTFUL=1 infra/run.sh)"
                : "delegate the controllers to HIY's user: systemctl edit user@.service with [Service] Delegate=memory"
                        + " cpu pids, then log in again";
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
