package hiy.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Podman the tests use, in the mode the suite runs in. HIY_E2E_USER=hiy (infra/test.sh's first pass): that user's
 * own rootless Podman, as the tests' HIYs run as that user; unset: the Podman HIY itself would find or start for the
 * test's user (root: rootful).
 */
public final class TestPodman {
    /** The user the end-to-end HIYs run as; "" when they run as the test does. */
    public static final String AS_USER = System.getenv().getOrDefault("HIY_E2E_USER", "");
    private static final Duration SERVICE_START_DEADLINE = Duration.ofSeconds(30);
    private static String userSocket;

    private TestPodman() {
    }

    /** A connection for a test that talks to Podman from its own JVM; close it as PodmanConnection.open's. */
    public static PodmanConnection open(Path dataDir) throws Exception {
        if (AS_USER.isEmpty()) return PodmanConnection.open(System.getenv("HIY_PODMAN_SOCKET"), dataDir);
        return PodmanConnection.open(userService(), dataDir);
    }

    /**
     * The command prefix that runs a program as AS_USER with the environment infra/hiy gives it: its uid and groups,
     * its HOME, and its XDG_RUNTIME_DIR, where its rootless Podman keeps its state.
     */
    public static List<String> asUser() throws IOException, InterruptedException {
        Process getent = new ProcessBuilder("getent", "passwd", AS_USER).redirectErrorStream(true).start();
        String line = new String(getent.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (getent.waitFor() != 0 || line.isEmpty()) {
            throw new IllegalStateException("HIY_E2E_USER=" + AS_USER + " is no user of this box: create it with"
                    + " sudo infra/hiy-user.sh (infra/test.sh does), or unset HIY_E2E_USER to test as root");
        }
        String[] passwd = line.split(":");
        return List.of("setpriv", "--reuid=" + passwd[2], "--regid=" + passwd[3], "--init-groups", "env",
                "HOME=" + passwd[5], "USER=" + AS_USER, "XDG_RUNTIME_DIR=/run/user/" + passwd[2]);
    }

    /**
     * A `podman system service` of AS_USER for this JVM, on a socket in that user's runtime dir (root reaches it),
     * stopped when the JVM ends.
     */
    private static synchronized String userService() throws Exception {
        if (userSocket != null) return userSocket;
        List<String> prefix = asUser();
        String runtimeDir = prefix.get(prefix.size() - 1).substring("XDG_RUNTIME_DIR=".length());
        Path socket = Path.of(runtimeDir, "hiy-test-podman-" + ProcessHandle.current().pid() + ".sock");
        Path log = Files.createTempFile("hiy-test-podman-", ".log");
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of("podman", "system", "service", "--time=0", "unix://" + socket));
        Process service = new ProcessBuilder(cmd).directory(Path.of("/").toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.destroy();
            try {
                service.waitFor(10, TimeUnit.SECONDS);
                Files.deleteIfExists(socket);
                Files.deleteIfExists(log);
            } catch (Exception e) {
                // the JVM ends anyway; a stale socket is replaced by the next run's own
            }
        }));
        Instant deadline = Instant.now().plus(SERVICE_START_DEADLINE);
        while (!answers(socket)) {
            if (!service.isAlive() || Instant.now().isAfter(deadline)) {
                service.destroy();
                throw new IllegalStateException(AS_USER + "'s `podman system service` did not answer on " + socket
                        + ": " + Files.readString(log) + " (check `podman info` as " + AS_USER + ")");
            }
            Thread.sleep(100);
        }
        userSocket = "unix://" + socket;
        return userSocket;
    }

    private static boolean answers(Path socket) {
        if (!Files.exists(socket)) return false;
        try (PodmanConnection ignored = PodmanConnection.open("unix://" + socket, socket.getParent())) {
            return true;
        } catch (RuntimeFailure notYet) {
            return false;
        }
    }
}
