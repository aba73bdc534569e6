package hiy.routing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Caddy that HIY routes through: one already answering at the admin address, or one HIY starts and stops. */
public final class CaddyProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CaddyProcess.class);
    private static final Duration START_DEADLINE = Duration.ofSeconds(15);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Pattern BIND_FAILURE = Pattern.compile("listen tcp (\\S*):(\\d+): bind: ([a-z ]+)");

    private volatile Process process;
    /** How to start this Caddy again after it died: same binary, directories and environment, last config. */
    private final ProcessBuilder restart;

    private CaddyProcess(Process process, ProcessBuilder restart) {
        this.process = process;
        this.restart = restart;
    }

    public static CaddyProcess ensureRunning(URI admin, Path caddyDir, int httpPort, int httpsPort)
            throws RoutingFailure {
        if (new CaddyAdmin(admin).answers()) {
            log.info("Using the Caddy already answering at {}", admin);
            return new CaddyProcess(null, null);
        }
        Path binary = findOnPath("caddy").orElseThrow(() -> new RoutingFailure(
                "Caddy is not installed: run sudo infra/install-deps.sh (or apt-get install caddy)"));
        Path logFile = caddyDir.resolve("caddy.log");
        long logStart;
        Process process;
        ProcessBuilder builder;
        try {
            Files.createDirectories(caddyDir);
            Path config = caddyDir.resolve("caddy.json");
            Files.writeString(config, baseConfig(admin, httpPort, httpsPort).toPrettyString());
            logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            builder = new ProcessBuilder(binary.toString(), "run", "--config", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            // Caddy keeps certificates, its internal CA and autosaved config here: inside HIY's data directory.
            Map<String, String> env = builder.environment();
            env.put("XDG_DATA_HOME", caddyDir.resolve("data").toString());
            env.put("XDG_CONFIG_HOME", caddyDir.resolve("config").toString());
            process = builder.start();
        } catch (IOException e) {
            throw new RoutingFailure("Could not start Caddy (" + binary + ") in " + caddyDir + ": " + e.getMessage(), e);
        }
        log.info("Started Caddy (pid {}), admin API at {}, log in {}", process.pid(), admin, logFile);
        // --resume: Caddy's autosave (under XDG_CONFIG_HOME) holds the last config HIY loaded, routes included.
        List<String> resume = new ArrayList<>(builder.command());
        resume.add("--resume");
        ProcessBuilder restart = new ProcessBuilder(resume).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        restart.environment().putAll(builder.environment());
        CaddyProcess started = new CaddyProcess(process, restart);
        try {
            started.awaitAdmin(new CaddyAdmin(admin), logFile, logStart, httpPort, httpsPort);
        } catch (RoutingFailure e) {
            started.close();
            throw e;
        }
        return started;
    }

    public boolean startedByHiy() {
        return restart != null;
    }

    /**
     * Starts the Caddy HIY started once more if it has exited, with its last config. Returns false if it exited and
     * could not be started; true otherwise (also when HIY did not start Caddy: then it is not HIY's to restart).
     */
    public synchronized boolean ensureAlive() {
        Process dead = process;
        if (restart == null || dead == null || dead.isAlive()) {
            return true;
        }
        log.warn("Caddy (pid {}) exited with code {}; starting it again with its last config", dead.pid(),
                dead.exitValue());
        try {
            process = restart.start();
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
        Process process = this.process;
        this.process = null;
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Caddy (pid {}) did not stop within {} s; killing it", process.pid(), STOP_GRACE.toSeconds());
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitAdmin(CaddyAdmin admin, Path logFile, long logStart, int httpPort, int httpsPort)
            throws RoutingFailure {
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (!admin.answers()) {
            if (!process.isAlive()) {
                String output = readFrom(logFile, logStart);
                throw new RoutingFailure(startFailure(output, process.exitValue(), httpPort, httpsPort, logFile));
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

    private static Optional<Path> findOnPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
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
