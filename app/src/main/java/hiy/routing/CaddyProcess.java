package hiy.routing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hiy.host.Executables;
import hiy.host.OwnedProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Caddy that HIY routes through: one HIY started (now, or before a crash of HIY: found again by its pid file),
 * which HIY restarts when it dies and stops on close; or one someone else runs at the admin address, left alone.
 */
public final class CaddyProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CaddyProcess.class);
    private static final Duration START_DEADLINE = Duration.ofSeconds(15);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Pattern BIND_FAILURE = Pattern.compile("listen tcp (\\S*):(\\d+): bind: ([a-z ]+)");

    private volatile OwnedProcess process;
    /** How to start this Caddy again after it died: same binary, directories and environment, last config. */
    private final ProcessBuilder restart;
    private final Path pidFile;

    private CaddyProcess(OwnedProcess process, ProcessBuilder restart, Path pidFile) {
        this.process = process;
        this.restart = restart;
        this.pidFile = pidFile;
    }

    public static CaddyProcess ensureRunning(URI admin, Path caddyDir, int httpPort, int httpsPort)
            throws RoutingFailure {
        CaddyAdmin api = new CaddyAdmin(admin);
        Path config = caddyDir.resolve("caddy.json");
        Path pidFile = caddyDir.resolve("caddy.pid");
        Optional<OwnedProcess> before = OwnedProcess.find(pidFile, config.toString());
        if (before.isPresent() && api.answers()) {
            log.info("The Caddy HIY started before (pid {}) still runs; HIY looks after it again", before.get().pid());
            return new CaddyProcess(before.get(), command(binary(), caddyDir, config, true), pidFile);
        }
        if (before.isPresent()) {
            log.warn("The Caddy HIY started before (pid {}) runs but its admin API does not answer at {}; stopping"
                    + " it and starting a new one", before.get().pid(), admin);
            before.get().stop(STOP_GRACE);
        } else if (api.answers()) {
            log.info("Using the Caddy already answering at {} (not started by HIY: HIY neither restarts nor stops it)",
                    admin);
            return new CaddyProcess(null, null, pidFile);
        }
        Path binary = binary();
        Path logFile = caddyDir.resolve("caddy.log");
        long logStart;
        OwnedProcess process;
        try {
            Files.createDirectories(caddyDir);
            Files.writeString(config, baseConfig(admin, httpPort, httpsPort).toPrettyString());
            logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            process = OwnedProcess.start(command(binary, caddyDir, config, false), pidFile);
        } catch (IOException e) {
            throw new RoutingFailure("Could not start Caddy (" + binary + ") in " + caddyDir + ": " + e.getMessage(), e);
        }
        log.info("Started Caddy (pid {}), admin API at {}, log in {}", process.pid(), admin, logFile);
        CaddyProcess started = new CaddyProcess(process, command(binary, caddyDir, config, true), pidFile);
        try {
            started.awaitAdmin(api, logFile, logStart, httpPort, httpsPort);
        } catch (RoutingFailure e) {
            started.close();
            throw e;
        }
        return started;
    }

    private static Path binary() throws RoutingFailure {
        return Executables.onPath("caddy").orElseThrow(() -> new RoutingFailure(
                "Caddy is not installed: run sudo infra/install-deps.sh (or apt-get install caddy)"));
    }

    /**
     * resume: start with Caddy's autosave (under XDG_CONFIG_HOME), which holds the last config HIY loaded, routes
     * included; else with the base config.
     */
    private static ProcessBuilder command(Path binary, Path caddyDir, Path config, boolean resume) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "run", "--config", config.toString()));
        if (resume) command.add("--resume");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(caddyDir.resolve("caddy.log").toFile()));
        // Caddy keeps certificates, its internal CA and autosaved config here: inside HIY's data directory.
        Map<String, String> env = builder.environment();
        env.put("XDG_DATA_HOME", caddyDir.resolve("data").toString());
        env.put("XDG_CONFIG_HOME", caddyDir.resolve("config").toString());
        return builder;
    }

    public boolean startedByHiy() {
        return restart != null;
    }

    /** The pid of the Caddy HIY looks after; empty when it uses someone else's. */
    public Optional<Long> pid() {
        OwnedProcess running = process;
        return running == null ? Optional.empty() : Optional.of(running.pid());
    }

    /**
     * Starts the Caddy HIY started once more if it has exited, with its last config. Returns false if it exited and
     * could not be started; true otherwise (also when HIY did not start Caddy: then it is not HIY's to restart).
     */
    public synchronized boolean ensureAlive() {
        OwnedProcess dead = process;
        if (restart == null || dead == null || dead.alive()) {
            return true;
        }
        log.warn("Caddy (pid {}) exited{}; starting it again with its last config", dead.pid(),
                dead.exitCode().map(code -> " with code " + code).orElse(""));
        try {
            process = OwnedProcess.start(restart, pidFile);
            log.info("Started Caddy again (pid {})", process.pid());
            return true;
        } catch (IOException e) {
            log.warn("Could not start Caddy again: {}", e.getMessage());
            return false;
        }
    }

    /** Stops the Caddy this object started: SIGTERM, then SIGKILL if it has not exited within the grace period. */
    @Override
    public synchronized void close() {
        OwnedProcess process = this.process;
        this.process = null;
        if (process != null) process.stop(STOP_GRACE);
    }

    private void awaitAdmin(CaddyAdmin admin, Path logFile, long logStart, int httpPort, int httpsPort)
            throws RoutingFailure {
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (!admin.answers()) {
            if (!process.alive()) {
                String output = readFrom(logFile, logStart);
                throw new RoutingFailure(startFailure(output, process.exitCode().orElse(-1), httpPort, httpsPort,
                        logFile));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new RoutingFailure("Caddy started but its admin API did not answer at " + admin.base()
                        + " within " + START_DEADLINE.toSeconds() + " s; see " + logFile);
            }
            pause(Duration.ofMillis(100));
        }
    }

    /** Turns the last words of a Caddy that exited at start into what the user should do. */
    static String startFailure(String output, int exitCode, int httpPort, int httpsPort, Path logFile) {
        Matcher bind = BIND_FAILURE.matcher(output);
        if (bind.find()) {
            int port = Integer.parseInt(bind.group(2));
            String what = port == httpPort ? "HTTP port " + port
                    : port == httpsPort ? "HTTPS port " + port
                    : "port " + port + " (Caddy's admin API)";
            String fix = port == httpPort || port == httpsPort
                    ? "HIY_HTTP_PORT and HIY_HTTPS_PORT choose other ports."
                    : "stop the program that holds it, or give Caddy's admin API another address.";
            if (bind.group(3).contains("address already in use")) {
                return "Caddy could not start: " + what + " is already in use by another program; " + fix;
            }
            if (bind.group(3).contains("permission denied")) {
                return "Caddy could not start: it may not listen on " + what + " (ports below 1024 need root or"
                        + " sudo setcap cap_net_bind_service=+ep $(command -v caddy)); " + fix;
            }
        }
        List<String> lines = output.strip().lines().toList();
        String last = lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
        return "Caddy exited at start with code " + exitCode + ": " + last + " (full log: " + logFile + ")";
    }

    private static ObjectNode baseConfig(URI admin, int httpPort, int httpsPort) {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.putObject("admin").put("listen", admin.getHost() + ":" + admin.getPort());
        ArrayNode exclude = config.putObject("logging").putObject("logs").putObject("default").putArray("exclude");
        CaddyRoutes.HOLDS_LOGGERS.forEach(exclude::add);
        return new CaddyRoutes(httpPort, httpsPort).applyTo(config, List.of());
    }

    private static String readFrom(Path file, long offset) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(offset);
            byte[] bytes = new byte[(int) Math.max(0, in.length() - offset)];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void pause(Duration duration) throws RoutingFailure {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoutingFailure("Interrupted while waiting for Caddy to start", e);
        }
    }
}
