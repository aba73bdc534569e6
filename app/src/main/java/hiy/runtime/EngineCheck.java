package hiy.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * What HIY needs from the container engine, checked once at start: a missing piece is then one line that names it
 * and the command that brings it, not a failed first deploy. Podman only looks for some of its helpers when a
 * container needs them (catatonit, which is merely recommended by Debian's podman, was missing on a fresh box).
 */
public final class EngineCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The libpod API, which can create a container from a directory: the check needs no image. */
    private static final String LIBPOD = "/v4.0.0/libpod/containers";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private EngineCheck() {}

    /** @param scratch a directory HIY owns, the root of a throw-away container (runc adds its mount points) */
    public static void verify(PodmanConnection podman, Path scratch) throws RuntimeFailure {
        Version version;
        try {
            version = podman.client().versionCmd().exec();
        } catch (DockerException e) {
            throw new RuntimeFailure("Podman on " + podman.socket() + " did not say its version: " + e.getMessage()
                    + "; " + fixFor(e.getMessage()), e);
        }
        requireApi(version.getVersion(), version.getMinAPIVersion(), version.getApiVersion());
        requireStart(podman.socket(), scratch);
    }

    /** Podman serves a range of Docker API versions; HIY's client is pinned to one (PodmanConnection.API_VERSION). */
    public static void requireApi(String podmanVersion, String min, String max) throws RuntimeFailure {
        String needed = PodmanConnection.API_VERSION;
        if (max == null || compare(max, needed) < 0 || (min != null && compare(min, needed) > 0)) {
            throw new RuntimeFailure("Podman " + podmanVersion + " serves Docker API versions " + min + " to " + max
                    + " but HIY speaks " + needed + ": install Podman 4 (sudo apt-get install podman on Debian 12)");
        }
    }

    /**
     * Creates and starts a container with an init process, as HIY starts every app container, then removes it. Podman
     * looks for the init binary and applies the default limits only at start, so creating alone proves nothing.
     */
    public static void requireStart(String socket, Path scratch) throws RuntimeFailure {
        ObjectNode spec = JSON.createObjectNode()
                .put("name", "hiy-engine-check-" + ProcessHandle.current().pid() + "-" + System.nanoTime())
                .put("rootfs", scratch.toAbsolutePath().toString())
                .put("init", true);
        // The init binary is mounted in from the host; the command need not exist, since only the start is checked.
        spec.putArray("command").add("/hiy-engine-check");
        spec.putObject("netns").put("nsmode", "none");
        try (DockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(URI.create("unix://" + socket))
                .connectionTimeout(TIMEOUT).responseTimeout(TIMEOUT).build()) {
            Files.createDirectories(scratch);
            JsonNode created = call(http, "POST", LIBPOD + "/create", JSON.writeValueAsBytes(spec));
            if (!created.hasNonNull("Id")) {
                throw cannotStart(created);
            }
            String id = created.get("Id").asText();
            try {
                JsonNode started = call(http, "POST", LIBPOD + "/" + id + "/start", null);
                if (started.hasNonNull("message")) {
                    throw cannotStart(started);
                }
            } finally {
                call(http, "DELETE", LIBPOD + "/" + id + "?force=true", null);
            }
        } catch (IOException | RuntimeException e) {
            throw new RuntimeFailure("Could not check Podman on " + socket + ": " + e.getMessage(), e);
        }
    }

    private static RuntimeFailure cannotStart(JsonNode answer) {
        String why = answer.path("message").asText(answer.toString());
        return new RuntimeFailure("Podman cannot start a container with an init process, as HIY runs every app ("
                + why + "): " + fixFor(why));
    }

    private static JsonNode call(DockerHttpClient http, String method, String path, byte[] body) throws IOException {
        DockerHttpClient.Request.Builder request = DockerHttpClient.Request.builder().method(method).path(path)
                .putHeader("Content-Type", "application/json");
        if (body != null) request.bodyBytes(body);
        try (DockerHttpClient.Response response = http.execute(request.build())) {
            byte[] answer = response.getBody().readAllBytes();
            return answer.length == 0 ? JSON.createObjectNode() : JSON.readTree(answer);
        }
    }

    /** The command that brings what a Podman error says is missing; one place for the whole engine. */
    public static String fixFor(String podmanError) {
        String error = podmanError == null ? "" : podmanError;
        if (error.contains("container-init binary") || error.contains("catatonit")) {
            return "install the init binary with sudo apt-get install catatonit (or run sudo infra/install-deps.sh)";
        }
        if (error.contains("setting rlimit") || error.contains("cgroups in hybrid mode")) {
            return "Podman lacks HIY's settings (runc, cgroupfs, explicit ulimits): run sudo infra/podman/configure.sh"
                    + " (or sudo infra/install-deps.sh)";
        }
        if (error.contains("OCI runtime")) {
            return "install the container runtime with sudo apt-get install runc (or run sudo infra/install-deps.sh)";
        }
        if (error.contains("conmon")) {
            return "install the container monitor with sudo apt-get install conmon (or run sudo infra/install-deps.sh)";
        }
        return "run sudo infra/check-deps.sh: it names what is missing and the package that brings it";
    }

    /** Compares dotted version numbers numerically (1.41 > 1.9). */
    static int compare(String a, String b) {
        int[] x = parts(a);
        int[] y = parts(b);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? x[i] : 0, i < y.length ? y[i] : 0);
            if (c != 0) return c;
        }
        return 0;
    }

    private static int[] parts(String version) {
        return Arrays.stream(version.split("\\."))
                .mapToInt(p -> p.chars().allMatch(Character::isDigit) && !p.isEmpty() ? Integer.parseInt(p) : 0)
                .toArray();
    }
}
