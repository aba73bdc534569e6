package hiy.doctor;

import com.github.dockerjava.api.model.Version;
import hiy.runtime.EngineCheck;
import hiy.runtime.EngineInfo;
import hiy.runtime.PodmanConnection;
import hiy.runtime.RuntimeFailure;
import hiy.store.DataDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The container engine as HIY uses it: its API, runtime, init binary, rootless or not, limits and storage. */
final class PodmanChecks {
    private PodmanChecks() {}

    static void examine(String configuredSocket, DataDir data, Consumer<Finding> out) {
        Optional<PodmanConnection> found = PodmanConnection.existing(configuredSocket, data.root());
        Path look = null;
        if (found.isEmpty() && (configuredSocket == null || configuredSocket.isBlank())
                && PodmanConnection.sleeping(data.root())) {
            try {
                look = Files.createTempDirectory(data.root(), "look-");
                found = Optional.of(PodmanConnection.startedForALook(look));
                out.accept(Finding.ok("podman service", "HIY's own podman system service sleeps while unused"
                        + " (HIY_PODMAN_IDLE) and starts at the next call; the checks below use one started for them"));
            } catch (IOException | RuntimeFailure e) {
                if (look != null) deleteQuietly(look);
                out.accept(Finding.fail("podman", "HIY's own Podman service sleeps, and one for these checks could not"
                        + " start: " + e.getMessage(), "podman info (as the user HIY runs as) names what is wrong"));
                return;
            }
        }
        if (found.isEmpty()) {
            out.accept(noPodman(configuredSocket, PodmanConnection.candidateSockets(configuredSocket, data.root())));
            return;
        }
        try {
            examine(found.get(), data, out);
        } finally {
            if (look != null) deleteQuietly(look);
        }
    }

    private static void examine(PodmanConnection found, DataDir data, Consumer<Finding> out) {
        try (PodmanConnection podman = found) {
            Finding api = api(podman);
            out.accept(api);
            if (api.level() == Finding.Level.FAIL) return;
            EngineInfo info;
            try {
                info = EngineInfo.read(podman);
            } catch (RuntimeFailure e) {
                out.accept(Finding.fail("oci runtime", withoutFix(e.getMessage(), EngineInfo.FIX), EngineInfo.FIX));
                return;
            }
            out.accept(runtime(info));
            out.accept(init(podman, data));
            out.accept(rootless(info));
            out.accept(limits(info));
            out.accept(Usage.disk("podman storage", info.graphRoot(), info.graphRootAllocated(), info.graphRootUsed(),
                    "podman image prune (as the user Podman runs as) removes images no container uses; ssh hiy@box"
                            + " apps:report APP shows each app's images"));
        }
    }

    static Finding noPodman(String configuredSocket, List<String> tried) {
        String detail = "no Podman API answers on " + String.join(", ", tried);
        if (configuredSocket != null && !configuredSocket.isBlank()) {
            return Finding.fail("podman", detail + " (HIY_PODMAN_SOCKET)", "podman system service --time=0 unix://"
                    + tried.get(0) + ", or unset HIY_PODMAN_SOCKET to let HIY start its own");
        }
        return Finding.fail("podman", detail, "start HIY (infra/hiy server starts its own Podman service); if it"
                + " cannot, podman info names what is wrong");
    }

    private static Finding api(PodmanConnection podman) {
        Version version;
        try {
            version = podman.client().versionCmd().exec();
        } catch (RuntimeException e) {
            return Finding.fail("podman", "Podman on " + podman.socket() + " did not say its version: "
                    + e.getMessage(), EngineCheck.fixFor(e.getMessage()));
        }
        try {
            EngineCheck.requireApi(version.getVersion(), version.getMinAPIVersion(), version.getApiVersion());
        } catch (RuntimeFailure e) {
            String fix = "sudo apt-get install podman";
            return Finding.fail("podman", withoutFix(e.getMessage(), "install Podman 4 (" + fix + " on Debian 12)"), fix);
        }
        return Finding.ok("podman", "Podman " + version.getVersion() + " answers on " + podman.socket()
                + ", Docker API " + PodmanConnection.API_VERSION + " (serves " + version.getMinAPIVersion() + " to "
                + version.getApiVersion() + ")");
    }

    static Finding runtime(EngineInfo info) {
        if (info.runtimeName().isEmpty()) {
            return Finding.fail("oci runtime", "Podman names no OCI runtime", EngineCheck.fixFor("OCI runtime"));
        }
        String version = info.runtimeVersion().replaceFirst("^" + info.runtimeName() + " version ", "");
        return Finding.ok("oci runtime", info.runtimeName() + " " + version + " (" + info.runtimePath() + ")");
    }

    /**
     * Proven as HIY proves it at start: a throw-away container with an init process is started, its root the folder
     * HIY's own check uses (Podman may run as the data dir's owner, who can read it); a temporary one when there is no
     * data dir yet, which doctor does not create.
     */
    private static Finding init(PodmanConnection podman, DataDir data) {
        Path scratch = null;
        try {
            scratch = Files.isDirectory(data.root()) ? data.root().resolve("engine-check")
                    : Files.createTempDirectory("hiy-doctor-");
            EngineCheck.requireStart(podman.socket(), scratch);
            return Finding.ok("init binary", "a container with an init process (catatonit) starts, as every app does");
        } catch (RuntimeFailure e) {
            String fix = EngineCheck.fixFor(e.getMessage());
            return Finding.fail("init binary", withoutFix(e.getMessage(), fix), fix);
        } catch (IOException e) {
            return Finding.fail("init binary", "no folder for a throw-away container: " + e.getMessage(),
                    "set TMPDIR to a writable folder, or start HIY once (infra/hiy server) to make its data dir");
        } finally {
            if (scratch != null && !scratch.startsWith(data.root())) deleteQuietly(scratch);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            DataDir.deleteTree(dir);
        } catch (IOException e) {
            // a temporary folder: the system cleans it up
        }
    }

    /** EngineCheck's messages end with their fix, which the finding prints on its own. */
    static String withoutFix(String message, String fix) {
        return message.endsWith(fix) ? message.substring(0, message.length() - fix.length()).replaceFirst("[:;,]\\s*$", "")
                : message;
    }

    static Finding rootless(EngineInfo info) {
        return Finding.ok("rootless", info.rootless() ? "yes: containers run as the user Podman runs as"
                : "no: Podman runs as root (rootful)");
    }

    static Finding limits(EngineInfo info) {
        String cgroups = "cgroup v" + info.cgroupVersion() + " (" + info.cgroupManager() + ")";
        return info.limitsNotEnforced()
                .map(why -> Finding.warn("limits", cgroups + ": limits NOT enforced: " + why, info.limitsFix()))
                .orElseGet(() -> Finding.ok("limits", cgroups + ": memory and CPU limits are enforced"));
    }
}
