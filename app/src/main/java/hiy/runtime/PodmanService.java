package hiy.runtime;

import hiy.host.Executables;
import hiy.host.OwnedProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The {@code podman system service} HIY starts itself, in its data dir: where its socket, pid record, log and sleep
 * marker are, and how it is started and waited for. {@link PodmanConnection} decides when.
 */
final class PodmanService {
    private static final Logger log = LoggerFactory.getLogger(PodmanService.class);
    static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration START_DEADLINE = Duration.ofSeconds(20);
    private static final long POLL_MILLIS = 100;

    private PodmanService() { }

    /** Whether the service HIY started in this data dir was stopped while unused (then nothing answers on its socket). */
    static boolean sleeping(Path dataDir) {
        return Files.exists(sleepMarker(dataDir));
    }

    private static Path sleepMarker(Path dataDir) {
        return dataDir.resolve("podman-service.sleeping");
    }

    static void marker(Path dataDir, boolean present) {
        try {
            if (present) {
                Files.writeString(sleepMarker(dataDir), "HIY stopped its podman system service while unused; the next"
                        + " call that needs it starts it again\n");
            } else {
                Files.deleteIfExists(sleepMarker(dataDir));
            }
        } catch (IOException e) {
            log.warn("Could not {} {}: {}", present ? "write" : "remove", sleepMarker(dataDir), e.toString());
        }
    }

    static Path serviceSocket(Path dataDir) {
        return dataDir.resolve("podman.sock").toAbsolutePath();
    }

    static Path servicePidFile(Path dataDir) {
        return dataDir.resolve("podman-service.pid");
    }

    static OwnedProcess launchService(Path dataDir) throws RuntimeFailure {
        if (Executables.onPath("podman").isEmpty()) {
            throw new RuntimeFailure("Podman is not installed: run sudo infra/install-deps.sh (or apt-get install podman)");
        }
        Path socket = serviceSocket(dataDir);
        Path logFile = dataDir.resolve("podman-service.log");
        OwnedProcess process;
        try {
            Files.createDirectories(dataDir);
            // Nothing answered on it, so a socket file left here is stale and would make the bind fail.
            Files.deleteIfExists(socket);
            Files.deleteIfExists(sleepMarker(dataDir));
            process = OwnedProcess.start(new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())), servicePidFile(dataDir));
        } catch (IOException e) {
            throw new RuntimeFailure("Could not start `podman system service` (log: " + logFile + "): " + e.getMessage(), e);
        }
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (!PodmanConnection.answers(socket.toString())) {
            if (!process.alive()) {
                String said = lastLine(logFile);
                throw new RuntimeFailure("`podman system service` exited at start: " + said + ": "
                        + EngineCheck.fixFor(said) + " (log: " + logFile + ")");
            }
            if (Instant.now().isAfter(deadline)) {
                process.stop(STOP_GRACE);
                throw new RuntimeFailure("`podman system service` did not answer on " + socket + " within "
                        + START_DEADLINE.toSeconds() + " s: see " + logFile
                        + ", and check that `podman info` works for this user");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                process.stop(STOP_GRACE);
                Thread.currentThread().interrupt();
                throw new RuntimeFailure("Interrupted while waiting for `podman system service` to answer", e);
            }
        }
        log.info("Started podman system service on {} (pid {}, log {})", socket, process.pid(), logFile);
        return process;
    }

    private static String lastLine(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile).stream().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "(its log " + logFile + " cannot be read: " + e.getMessage() + ")";
        }
    }
}
