package hiy.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import hiy.host.CurrentUser;
import hiy.host.OwnedProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Docker-API client connected to Podman: to a socket that already answers, or to a
 * {@code podman system service} that HIY starts itself (recorded in the data dir, so an HIY started again after a
 * crash takes the same service back instead of starting a second) and stops on close.
 *
 * <p>A service HIY started itself may sleep: once nothing used it for {@link #sleepWhenIdleFor the idle time}, the
 * supervisor's {@link #sleepIfIdle} stops it (about 35–50 MB less resident), and the next call starts it again
 * before it goes out (tens of milliseconds on a warm box). Meanwhile the supervisor watches containers by their
 * processes ({@link RunningContainers}), which needs no service.
 */
public final class PodmanConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PodmanConnection.class);

    /** Podman serves the Docker API but does not negotiate a version, so docker-java must be told. */
    public static final String API_VERSION = "1.41";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration LOOK_TIMEOUT = Duration.ofSeconds(30);

    private final DockerClient client;
    private final SwappableHttpClient transport;
    private volatile String socket;
    private volatile OwnedProcess service;
    /** What the Podman on {@link #socket} said about itself; read on first use and again after a reconnect. */
    private volatile EngineMode mode;
    /** Set when HIY chose or started the service itself, so it may start one again; null for HIY_PODMAN_SOCKET. */
    private volatile Path dataDir;
    /** How long HIY's own service may sit unused before {@link #sleepIfIdle} stops it; null: never. */
    private volatile Duration idleLimit;
    private final RunningContainers running = new RunningContainers();

    private PodmanConnection(String socket, OwnedProcess service) {
        // Builds, log follows and event streams stay open as long as they need; other calls have a deadline.
        this(socket, service, PodmanDeadline.CALL);
    }

    private PodmanConnection(String socket, OwnedProcess service, Duration callDeadline) {
        this.socket = socket;
        this.service = service;
        this.transport = new SwappableHttpClient(newHttp(socket), newHttp(socket), callDeadline);
        this.client = DockerClientImpl.getInstance(clientConfig(socket), transport);
    }

    /**
     * @param configuredSocket HIY_PODMAN_SOCKET, or null to find a running service or start one
     * @param dataDir          where a service HIY starts keeps its socket and log
     */
    public static PodmanConnection open(String configuredSocket, Path dataDir) throws RuntimeFailure {
        if (configuredSocket != null && !configuredSocket.isBlank()) {
            String socket = withoutScheme(configuredSocket);
            if (!answers(socket)) {
                throw new RuntimeFailure("Podman does not answer on the configured socket " + socket
                        + " (HIY_PODMAN_SOCKET): start it with `podman system service --time=0 unix://"
                        + socket + "`, or unset HIY_PODMAN_SOCKET to let HIY start its own");
            }
            return new PodmanConnection(socket, null);
        }
        Optional<PodmanConnection> before = serviceStartedBefore(dataDir);
        if (before.isPresent()) return before.get().restartableIn(dataDir);
        for (String candidate : defaultSockets()) {
            if (answers(candidate)) {
                return new PodmanConnection(candidate, null).restartableIn(dataDir);
            }
        }
        String ownSocket = PodmanService.serviceSocket(dataDir).toString();
        if (answers(ownSocket)) {
            // A service on HIY's own socket with no record (started by hand, or by an HIY before records were kept):
            // used as it is, never a second one beside it; if it dies, HIY starts and records its own.
            log.info("Using the Podman service already answering on {} (HIY did not record starting it)", ownSocket);
            return new PodmanConnection(ownSocket, null).restartableIn(dataDir);
        }
        return startService(dataDir).restartableIn(dataDir);
    }

    /**
     * The Podman HIY uses or would use, if one answers, in the order {@link #open} looks: the configured socket, the
     * service HIY recorded starting, the system sockets, HIY's own socket. Nothing is started or stopped: for looking, as {@code doctor}
     * does; closing it closes only the client. Its calls time out (LOOK_TIMEOUT): a Podman that hangs is an answer too.
     */
    public static Optional<PodmanConnection> existing(String configuredSocket, Path dataDir) {
        return candidateSockets(configuredSocket, dataDir).stream().filter(PodmanConnection::answers).findFirst()
                .map(socket -> new PodmanConnection(socket, null, LOOK_TIMEOUT));
    }

    /**
     * A service of its own in {@code dir}, for one look while HIY's sleeps ({@code doctor}); closing the connection
     * stops it. Its calls time out as {@link #existing}'s do.
     */
    public static PodmanConnection startedForALook(Path dir) throws RuntimeFailure {
        return new PodmanConnection(PodmanService.serviceSocket(dir).toString(), PodmanService.launchService(dir), LOOK_TIMEOUT);
    }

    /** The sockets {@link #existing} tries, in {@link #open}'s order, for saying where nothing answered. */
    public static List<String> candidateSockets(String configuredSocket, Path dataDir) {
        if (configuredSocket != null && !configuredSocket.isBlank()) return List.of(withoutScheme(configuredSocket));
        String own = PodmanService.serviceSocket(dataDir).toString();
        boolean recorded = OwnedProcess.find(PodmanService.servicePidFile(dataDir), "unix://" + own).isPresent();
        List<String> all = new ArrayList<>();
        if (recorded) all.add(own);
        all.addAll(defaultSockets());
        if (!recorded) all.add(own);
        return all;
    }

    /** The service an HIY on this data dir started before it was killed, if it still runs; stopped if it hangs. */
    private static Optional<PodmanConnection> serviceStartedBefore(Path dataDir) {
        String socket = PodmanService.serviceSocket(dataDir).toString();
        Optional<OwnedProcess> recorded = OwnedProcess.find(PodmanService.servicePidFile(dataDir), "unix://" + socket);
        if (recorded.isEmpty()) return Optional.empty();
        if (answers(socket)) {
            log.info("The podman system service HIY started before (pid {}) still runs on {}; HIY looks after it again",
                    recorded.get().pid(), socket);
            return Optional.of(new PodmanConnection(socket, recorded.get()));
        }
        log.warn("The podman system service HIY started before (pid {}) does not answer on {}; stopping it",
                recorded.get().pid(), socket);
        recorded.get().stop(PodmanService.STOP_GRACE);
        return Optional.empty();
    }

    private PodmanConnection restartableIn(Path dataDir) {
        this.dataDir = dataDir;
        return this;
    }

    /**
     * Whether Podman answers; if it does not and HIY chose the service (no HIY_PODMAN_SOCKET), connects again: to
     * a system socket that answers, else to a {@code podman system service} started anew. The client from
     * {@link #client()} keeps working across the change. Called by the supervisor every few seconds.
     */
    public synchronized boolean ensureAlive() {
        if (transport.asleep()) return true; // stopped by HIY while unused: the next call starts it
        OwnedProcess running = service;
        boolean hung = transport.takeHung();
        if ((running == null || running.alive()) && !hung && answers(socket)) {
            return true;
        }
        if (hung && running == null) {
            // Not HIY's own service: restarting it is not HIY's to do, and another service would wait on the same locks.
            log.warn("Podman on {} left a call unanswered past its deadline; HIY did not start that service and"
                    + " cannot restart it: if calls keep failing, restart it as the user HIY runs as", socket);
            return false;
        }
        if (dataDir == null) {
            log.warn("Podman does not answer on {} (HIY_PODMAN_SOCKET); HIY cannot restart a service it did not start",
                    socket);
            return false;
        }
        log.warn("Podman does not answer on {}{}; connecting again", socket,
                running == null ? "" : running.alive() ? " (service pid " + running.pid() + " hangs"
                        + (hung ? ": a call got no answer within its deadline" : "") + ")"
                        : " (the service HIY started, pid " + running.pid() + ", exited)");
        if (running != null) running.stop(PodmanService.STOP_GRACE);
        try {
            String next = null;
            OwnedProcess nextService = null;
            for (String candidate : defaultSockets()) {
                if (answers(candidate)) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                nextService = PodmanService.launchService(dataDir);
                next = PodmanService.serviceSocket(dataDir).toString();
            }
            transport.swap(newHttp(next), newHttp(next));
            socket = next;
            service = nextService;
            mode = null;
            log.info("Podman answers again on {}", next);
            return true;
        } catch (RuntimeFailure | IOException e) {
            log.warn("Could not reconnect to Podman: {}", e.getMessage());
            return false;
        }
    }

    public DockerClient client() { return client; }

    /** Lets HIY's own service sleep once unused for {@code idle} (empty: never); a service HIY did not start never sleeps. */
    public PodmanConnection sleepWhenIdleFor(Optional<Duration> idle) {
        this.idleLimit = idle.orElse(null);
        return this;
    }

    /**
     * Stops HIY's own service if nothing used it for the idle time and nothing is in flight (no build, followed log,
     * attach or pack). Called by the supervisor after each round. Returns whether it went to sleep now.
     */
    public synchronized boolean sleepIfIdle() {
        Duration idle = idleLimit;
        OwnedProcess own = service;
        Path dir = dataDir;
        if (idle == null || own == null || dir == null || !own.alive()) return false;
        boolean slept = transport.sleepIfIdle(idle, () -> {
            own.stop(PodmanService.STOP_GRACE);
            service = null;
            mode = null;
            PodmanService.marker(dir, true);
        }, () -> wake(dir));
        if (slept) log.info("Stopped the podman system service (pid {}): unused for {} s; the next call starts it again",
                own.pid(), idle.toSeconds());
        return slept;
    }

    /** On the first call after {@link #sleepIfIdle}, on that call's thread, before it goes out. */
    private SwappableHttpClient.Transports wake(Path dir) {
        long t0 = System.nanoTime();
        try {
            OwnedProcess started = PodmanService.launchService(dir);
            String own = PodmanService.serviceSocket(dir).toString();
            service = started;
            socket = own;
            PodmanService.marker(dir, false);
            log.info("Started the podman system service again (pid {}) in {} ms: a call needs it", started.pid(),
                    (System.nanoTime() - t0) / 1_000_000);
            return new SwappableHttpClient.Transports(newHttp(own), newHttp(own));
        } catch (RuntimeFailure e) {
            throw new IllegalStateException("HIY's Podman service could not be started again: " + e.getMessage(), e);
        }
    }

    /**
     * If HIY's own service sleeps, starts it on a thread of its own (a push has begun: the build will need it, and the
     * pack is still on its way); returns at once.
     */
    public void wakeSoon() {
        if (!transport.asleep()) return;
        Thread t = new Thread(() -> {
            try {
                client.pingCmd().exec();
            } catch (RuntimeException e) {
                log.warn("Could not start the podman system service ahead of a build: {}", e.getMessage());
            }
        }, "hiy-podman-wake");
        t.setDaemon(true);
        t.start();
    }

    /** Whether HIY's own service sleeps now (stopped while unused; the next call starts it). */
    public boolean asleep() {
        return transport.asleep();
    }

    /**
     * Keeps the service awake (woken first if it sleeps) while something talks to its socket without this client, as
     * pack does; close the handle when done.
     */
    public Use inUse() {
        return transport.hold();
    }

    /** A hold on the service; closing it ends the hold. */
    public interface Use extends AutoCloseable {
        @Override void close();
    }

    /**
     * Calls from the current thread no longer count as use (they neither keep the service awake nor reset its idle
     * time): for the supervisor's rounds, which would otherwise keep it awake for good.
     */
    public static void quietOnThisThread() {
        SwappableHttpClient.quietOnThisThread();
    }

    /** Which of this HIY's containers run, seen by their processes where that is known (no call to Podman). */
    public RunningContainers running() {
        return running;
    }

    /** Whether the service HIY started in this data dir was stopped while unused (then nothing answers on its socket). */
    public static boolean sleeping(Path dataDir) {
        return PodmanService.sleeping(dataDir);
    }

    /**
     * The raw API transport under {@link #client()}, for the one call docker-java cannot make as HIY needs it (a
     * build with Podman's own namespace options); paths start with {@code /v}{@value #API_VERSION}.
     */
    public DockerHttpClient http() { return transport; }

    /** The filesystem path of the API socket in use. */
    public String socket() { return socket; }

    public boolean startedByHiy() { return service != null || transport.asleep(); }

    /** Whether this Podman runs rootless and on which cgroup version (asked once, again after a reconnect). */
    public EngineMode mode() throws RuntimeFailure {
        EngineMode known = mode;
        if (known == null) {
            known = EngineMode.read(transport);
            mode = known;
        }
        return known;
    }

    /** The pid of the service HIY looks after; empty when it uses one it did not start. */
    public Optional<Long> servicePid() {
        OwnedProcess running = service;
        return running == null ? Optional.empty() : Optional.of(running.pid());
    }

    @Override
    public synchronized void close() {
        Path dir = dataDir;
        dataDir = null;
        if (dir != null && transport.asleep()) PodmanService.marker(dir, false);
        try {
            client.close();
        } catch (IOException e) {
            log.warn("Closing the Podman client failed: {}", e.toString());
        }
        OwnedProcess running = service;
        if (running != null) {
            running.stop(PodmanService.STOP_GRACE);
        }
    }

    /**
     * The sockets a Podman of this user answers on: its own user's ($XDG_RUNTIME_DIR, as `podman system service` or
     * the podman.socket unit makes it), and only for root the system one. A rootless HIY never takes root's
     * Podman, even where that socket lets it in: its containers would then belong to root.
     */
    private static List<String> defaultSockets() {
        List<String> sockets = new ArrayList<>();
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            sockets.add(runtimeDir + "/podman/podman.sock");
        }
        if (CurrentUser.isRoot()) sockets.add("/run/podman/podman.sock");
        return sockets;
    }

    private static PodmanConnection startService(Path dataDir) throws RuntimeFailure {
        return new PodmanConnection(PodmanService.serviceSocket(dataDir).toString(), PodmanService.launchService(dataDir));
    }

    static boolean answers(String socket) {
        if (!Files.exists(Path.of(socket))) {
            return false;
        }
        try (DockerClient probe = newClient(socket, PING_TIMEOUT)) {
            probe.pingCmd().exec();
            return true;
        } catch (RuntimeException | IOException e) {
            return false;
        }
    }

    private static DockerClient newClient(String socket, Duration callDeadline) {
        return DockerClientImpl.getInstance(clientConfig(socket),
                new SwappableHttpClient(newHttp(socket), newHttp(socket), callDeadline));
    }

    private static DefaultDockerClientConfig clientConfig(String socket) {
        return DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix://" + socket)
                .withApiVersion(API_VERSION)
                .build();
    }

    /** No response timeout: on a Unix socket docker-java does not apply one (PodmanDeadline does instead). */
    private static DockerHttpClient newHttp(String socket) {
        return new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create("unix://" + socket))
                .connectionTimeout(CONNECT_TIMEOUT)
                .build();
    }

    private static String withoutScheme(String socket) {
        return socket.startsWith("unix://") ? socket.substring("unix://".length()) : socket;
    }
}
