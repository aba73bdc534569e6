package hiy.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Volume;
import hiy.model.Instance;
import hiy.model.LineSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs app containers through Podman's Docker-compatible API, locked down and reachable on loopback only. */
public final class PodmanRuntime implements ContainerRuntime {
    private static final Logger log = LoggerFactory.getLogger(PodmanRuntime.class);

    /**
     * Everything is dropped, then this is given back: enough for ordinary web images to switch
     * users, own their files and bind low ports, without SETPCAP, SETFCAP, SYS_CHROOT, MKNOD,
     * NET_RAW or AUDIT_WRITE, which a web app does not need and an attacker would like.
     */
    static final List<Capability> APP_CAPABILITIES = List.of(
            Capability.CHOWN, Capability.DAC_OVERRIDE, Capability.FOWNER, Capability.SETUID,
            Capability.SETGID, Capability.NET_BIND_SERVICE, Capability.KILL);
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration LOG_READ_TIMEOUT = Duration.ofSeconds(10);
    /** Podman answers a one-shot stats request after sampling; never let a slow one hold up `ps`. */
    private static final Duration STATS_TIMEOUT = Duration.ofSeconds(3);
    /** What a one-off "returns" when its caller went away and it was killed: 128 + SIGKILL, as a shell reports it. */
    private static final int KILLED = 137;
    private static final int REMOVE_ATTEMPTS = 10;
    private static final Duration REMOVE_RETRY_PAUSE = Duration.ofMillis(200);

    private final PodmanConnection podman;
    private final DockerClient docker;
    private final Instance instance;
    private final Isolation isolation;
    private final PodmanVolumes volumes;

    public PodmanRuntime(PodmanConnection podman, Instance instance) {
        this.podman = podman;
        this.docker = podman.client();
        this.instance = instance;
        this.isolation = new Isolation(docker, instance, () -> {
            try {
                return podman.mode().rootless();
            } catch (RuntimeFailure e) {
                return false;
            }
        });
        this.volumes = new PodmanVolumes(docker, instance);
    }

    @Override
    public Instance instance() {
        return instance;
    }

    @Override
    public EngineMode.Limits limitsEnforced() {
        try {
            return podman.mode().limits();
        } catch (RuntimeFailure e) {
            return new EngineMode.Limits(false, "Podman cannot tell now (" + e.getMessage() + ")");
        }
    }

    /** The container gets PORT=containerPort unless spec.env sets PORT itself. */
    @Override
    public void start(ContainerSpec spec) throws RuntimeFailure {
        removeOwn(spec.name());
        ExposedPort port = ExposedPort.tcp(spec.containerPort());
        HostConfig host = shaped(spec.app(), spec.shape()).withNetworkMode(isolation.network(spec.app()));
        if (spec.hostPort() != null) {
            host.withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort(LOOPBACK, spec.hostPort()), port));
        }
        String id;
        try {
            id = isolation.create(host, spec.app(), !spec.shape().volumes().isEmpty(), () -> {
                CreateContainerCmd create = docker.createContainerCmd(spec.image())
                        .withName(spec.name())
                        .withEnv(environment(spec))
                        .withLabels(labels(spec.shape(), spec.labels()))
                        .withHostConfig(host);
                if (spec.hostPort() != null) create.withExposedPorts(port);
                if (spec.command() != null) create.withEntrypoint(spec.command()).withCmd(List.of());
                return create;
            });
        } catch (NotFoundException e) {
            throw new RuntimeFailure("Image " + spec.image() + " does not exist: push again to rebuild it", e);
        } catch (DockerException e) {
            throw new RuntimeFailure("Podman could not create container " + spec.name() + " from "
                    + spec.image() + ": " + e.getMessage(), e);
        }
        try {
            docker.startContainerCmd(id).exec();
        } catch (DockerException e) {
            remove(id);
            if (spec.hostPort() == null) {
                throw new RuntimeFailure("Podman could not start container " + spec.name() + ": " + e.getMessage(), e);
            }
            throw new RuntimeFailure("Podman could not start container " + spec.name() + " on "
                    + LOOPBACK + ":" + spec.hostPort() + ": " + e.getMessage()
                    + " (is another process using that port? `ss -ltnp` shows it)", e);
        }
    }

    @Override
    public void stopAndRemove(String containerName, Duration grace) {
        try {
            docker.stopContainerCmd(containerName).withTimeout((int) grace.toSeconds()).exec();
        } catch (NotFoundException e) {
            return;
        } catch (NotModifiedException e) {
            log.debug("{} was already stopped", containerName);
        }
        remove(containerName);
    }

    @Override
    public boolean isRunning(String containerName) {
        return inspect(containerName).map(c -> Boolean.TRUE.equals(c.getState().getRunning())).orElse(false);
    }

    /**
     * Empty if the container does not exist, also when it was removed (say, replaced by the supervisor) between
     * Podman's name lookup and its read (see AppContainers.removedMeanwhile).
     */
    private Optional<InspectContainerResponse> inspect(String containerName) {
        try {
            return Optional.of(docker.inspectContainerCmd(containerName).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (InternalServerErrorException e) {
            if (AppContainers.removedMeanwhile(e)) return Optional.empty();
            throw e;
        }
    }

    @Override
    public List<String> lastLogLines(String containerName, int n) {
        LogTail tail = docker.logContainerCmd(containerName)
                .withStdOut(true).withStdErr(true).withTail(n)
                .exec(new LogTail());
        try {
            if (!tail.awaitCompletion(LOG_READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Reading the log of {} took longer than {} s; showing what arrived", containerName,
                        LOG_READ_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (tail.error != null && !(tail.error instanceof NotFoundException)) {
            log.warn("Could not read the log of {}: {}", containerName, tail.error.getMessage());
        }
        return tail.lines();
    }

    /** The app's container: locked down, with its limits, and its volumes (made if missing) mounted. */
    private HostConfig shaped(String app, ProcessShape shape) throws RuntimeFailure {
        HostConfig host = lockedDown(shape.memoryBytes(), shape.cpus());
        List<Bind> binds = new ArrayList<>();
        for (VolumeMount m : shape.volumes()) binds.add(new Bind(volumes.ensure(app, m.name()), new Volume(m.path())));
        if (!binds.isEmpty()) host.withBinds(binds);
        return host;
    }

    /** The user's labels, then HIY's over them: a stored label can never pass for one of HIY's. */
    private Map<String, String> labels(ProcessShape shape, Map<String, String> hiyLabels) {
        Map<String, String> all = new LinkedHashMap<>();
        shape.labels().forEach((k, v) -> {
            if (!k.toLowerCase(Locale.ROOT).startsWith("hiy.")) all.put(k, v);
        });
        all.putAll(instance.stamp(hiyLabels));
        return all;
    }

    /** What every HIY container gets: its limits, a tiny init, no new privileges, a small capability set. */
    private static HostConfig lockedDown(long memoryBytes, double cpus) {
        return HostConfig.newHostConfig()
                .withMemory(memoryBytes)
                .withNanoCPUs(Math.round(cpus * 1_000_000_000L))
                .withPrivileged(false)
                // A tiny init as PID 1 forwards SIGTERM: most servers (busybox httpd among them) install no
                // handler of their own, and PID 1 ignores unhandled signals, so stops would wait out the grace.
                .withInit(true)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withCapDrop(Capability.ALL)
                .withCapAdd(APP_CAPABILITIES.toArray(Capability[]::new))
                // HIY watches and restarts apps itself; Podman has no daemon to honour a policy anyway.
                .withRestartPolicy(RestartPolicy.noRestart());
    }

    @Override
    public Optional<Long> imageSize(String tag) {
        try {
            return Optional.ofNullable(docker.inspectImageCmd(tag).exec().getSize());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public int runOnce(String app, String image, List<String> command, Map<String, String> env,
                       ProcessShape shape, Attachment caller) throws RuntimeFailure {
        String name = instance.containerName(app, "run-" + Long.toString(System.currentTimeMillis(), 36));
        Attachment.Terminal terminal = caller.terminal();
        Map<String, String> environment = new LinkedHashMap<>(env);
        if (terminal != null) environment.put("TERM", terminal.type());
        HostConfig host = shaped(app, shape).withNetworkMode(isolation.network(app));
        String id;
        try {
            id = isolation.create(host, app, !shape.volumes().isEmpty(), () -> docker.createContainerCmd(image).withName(name).withCmd(command)
                    .withEnv(environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                    .withTty(terminal != null).withStdinOpen(true).withStdInOnce(true)
                    .withLabels(labels(shape, Map.of(Instance.RUN_LABEL, app))).withHostConfig(host));
        } catch (NotFoundException e) {
            throw new RuntimeFailure("Image " + image + " does not exist: deploy the app again to rebuild it", e);
        } catch (DockerException e) {
            throw new RuntimeFailure("Podman could not create " + name + " from " + image + ": " + e.getMessage(), e);
        }
        ResultCallback.Adapter<Frame> output = terminal == null
                ? new LogFollower(name, caller.output(), () -> { }) : new TerminalOutput(name, terminal.out());
        StdinFeed stdin = new StdinFeed(name, caller.in());
        try {
            // Both attached before the start, so nothing the command prints or reads at once is missed.
            docker.attachContainerCmd(id).withStdOut(true).withStdErr(true).withLogs(true).withFollowStream(true)
                    .exec(output);
            docker.attachContainerCmd(id).withStdIn(stdin.input()).withFollowStream(true).exec(stdin);
            if (!opened(output) || !stdin.awaitOpen()) {
                throw new RuntimeFailure("Podman could not attach to " + name + " to pass its input and output; "
                        + "check that `podman info` works, then try again");
            }
            caller.gone().thenRun(() -> close(output, name));
            if (terminal != null) {
                // Off the caller's I/O thread: Podman answers in its own time.
                terminal.onResize(() -> CompletableFuture.runAsync(() -> resize(id, terminal)));
            }
            docker.startContainerCmd(id).exec();
            // The size now, not at the call: the window may have changed while the container was made.
            if (terminal != null) resize(id, terminal);
            output.awaitCompletion();
            if (caller.gone().toCompletableFuture().isDone()) {
                kill(id);
                return KILLED;
            }
            return docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode();
        } catch (DockerException e) {
            throw new RuntimeFailure("Podman could not run " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted while " + name + " ran", e);
        } finally {
            stdin.closeQuietly();
            close(output, name);
            remove(id);
        }
    }

    private static boolean opened(ResultCallback.Adapter<Frame> output) throws InterruptedException {
        if (output instanceof TerminalOutput raw) return raw.awaitOpen();
        LogFollower lines = (LogFollower) output;
        lines.awaitOpen();
        return !lines.over.get();
    }

    /** Gives a one-off's TTY the caller's window size; no error if it is not running (yet or any more). */
    private void resize(String id, Attachment.Terminal terminal) {
        int columns = terminal.columns();
        int lines = terminal.lines();
        if (columns <= 0 || lines <= 0) return;
        try {
            docker.resizeContainerCmd(id).withSize(lines, columns).exec();
        } catch (DockerException e) {
            log.debug("No resize of {}: {}", id, e.getMessage());
        }
    }

    /** At once: a forced remove alone would send SIGTERM and wait for the stop timeout. */
    private void kill(String id) {
        try {
            docker.killContainerCmd(id).exec();
        } catch (DockerException e) {
            log.debug("No kill for {}: {}", id, e.getMessage());
        }
    }

    private static void close(Closeable stream, String container) {
        try {
            stream.close();
        } catch (IOException e) {
            log.debug("Closing a stream of {} failed: {}", container, e.toString());
        }
    }

    @Override
    public int runToEnd(ContainerSpec spec, LineSink output) throws RuntimeFailure {
        start(spec);
        try {
            LogFollower follower = docker.logContainerCmd(spec.name()).withStdOut(true).withStdErr(true).withTailAll()
                    .withFollowStream(true).exec(new LogFollower(spec.name(), output, () -> { }));
            follower.awaitCompletion();
            return docker.waitContainerCmd(spec.name()).exec(new WaitContainerResultCallback()).awaitStatusCode();
        } catch (DockerException e) {
            throw new RuntimeFailure("Podman could not run " + spec.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted while " + spec.name() + " ran", e);
        } finally {
            remove(spec.name());
        }
    }

    @Override
    public Closeable followLog(String containerName, int tail, LineSink lines, Runnable ended) {
        LogFollower follower = docker.logContainerCmd(containerName)
                .withStdOut(true).withStdErr(true).withTail(tail).withFollowStream(true)
                .exec(new LogFollower(containerName, lines, ended));
        follower.awaitOpen();
        return follower;
    }

    @Override
    public Optional<ContainerStatus> status(String containerName) {
        Optional<InspectContainerResponse> found = inspect(containerName);
        if (found.isEmpty()) return Optional.empty();
        InspectContainerResponse inspected = found.get();
        InspectContainerResponse.ContainerState state = inspected.getState();
        boolean running = Boolean.TRUE.equals(state.getRunning());
        return Optional.of(new ContainerStatus(containerName, state.getStatus(),
                running ? instant(state.getStartedAt()) : null,
                inspected.getRestartCount() == null ? 0 : inspected.getRestartCount(),
                running ? memoryUse(containerName) : null));
    }

    private Long memoryUse(String containerName) {
        try (StatsOnce once = docker.statsCmd(containerName).withNoStream(true).exec(new StatsOnce())) {
            if (!once.awaitCompletion(STATS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) return null;
            Statistics stats = once.stats;
            return stats == null || stats.getMemoryStats() == null ? null : stats.getMemoryStats().getUsage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (IOException | RuntimeException e) {
            log.debug("No memory use for {}: {}", containerName, e.toString());
            return null;
        }
    }

    private static Instant instant(String iso) {
        try {
            return iso == null || iso.isBlank() ? null : Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public List<String> containersOf(String app) {
        List<String> names = new ArrayList<>();
        for (Container container : docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(Instance.APP_LABEL, app, Instance.INSTANCE_LABEL, instance.id()))
                .exec()) {
            if (container.getNames() != null && container.getNames().length > 0) {
                // The Docker API prefixes names with "/".
                names.add(container.getNames()[0].replaceFirst("^/", ""));
            }
        }
        return names;
    }

    @Override
    public void removeImage(String tag) {
        try {
            docker.removeImageCmd(tag).exec();
        } catch (NotFoundException e) {
            log.debug("Image {} was already gone", tag);
        } catch (ConflictException e) {
            log.debug("Image {} is still in use: {}", tag, e.getMessage());
        }
    }

    private static List<String> environment(ContainerSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", Integer.toString(spec.containerPort()));
        env.putAll(spec.env());
        List<String> pairs = new ArrayList<>();
        env.forEach((key, value) -> pairs.add(key + "=" + value));
        return pairs;
    }

    @Override
    public void createVolume(String app, String name) throws RuntimeFailure {
        volumes.ensure(app, name);
    }

    @Override
    public boolean volumeExists(String app, String name) throws RuntimeFailure {
        return volumes.exists(app, name);
    }

    @Override
    public Optional<Long> volumeSize(String app, String name) {
        return volumes.size(app, name);
    }

    @Override
    public void removeVolume(String app, String name) throws RuntimeFailure {
        volumes.remove(app, name);
    }

    @Override
    public List<String> volumesOf(String app) {
        return volumes.of(app);
    }

    @Override
    public void removeNetwork(String app) {
        isolation.removeNetwork(app);
    }

    /**
     * Makes room for a container of this name: one left by this HIY goes; one of another HIY (or made by hand) stays,
     * and the start fails rather than take it away.
     */
    private void removeOwn(String name) throws RuntimeFailure {
        Optional<InspectContainerResponse> found = inspect(name);
        if (found.isEmpty()) return;
        Map<String, String> labels = found.get().getConfig() == null ? null : found.get().getConfig().getLabels();
        if (!instance.owns(labels)) {
            throw new RuntimeFailure("a container named " + name + " exists and is not this HIY's (its "
                    + Instance.INSTANCE_LABEL + " label is not " + instance.id() + "); HIY leaves it alone: remove it"
                    + " with `podman rm -f " + name + "` if nobody needs it, then try again");
        }
        remove(name);
    }

    private void remove(String nameOrId) {
        removeForced(docker, nameOrId);
    }

    /**
     * A forced remove; no error if the container does not exist. Podman 4.3 sometimes fails to remove a container
     * that ran in a user namespace of its own ("userdata/shm: device or resource busy") while its cleanup process
     * still unmounts it; moments later the same remove succeeds, so it is tried again a few times.
     */
    static void removeForced(DockerClient docker, String nameOrId) {
        for (int attempt = 1; ; attempt++) {
            try {
                docker.removeContainerCmd(nameOrId).withForce(true).exec();
                return;
            } catch (NotFoundException e) {
                log.debug("{} did not exist", nameOrId);
                return;
            } catch (InternalServerErrorException e) {
                if (AppContainers.removedMeanwhile(e)) return;
                if (attempt == REMOVE_ATTEMPTS || !String.valueOf(e.getMessage()).contains("resource busy")) throw e;
                try {
                    Thread.sleep(REMOVE_RETRY_PAUSE.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Collects log frames; an error (usually: no such container) ends the read without docker-java's ERROR log. */
    private static final class LogTail extends ResultCallback.Adapter<Frame> {
        private final StringBuilder text = new StringBuilder();
        private volatile Throwable error;

        @Override
        public void onNext(Frame frame) {
            text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
            try {
                close();
            } catch (IOException e) {
                log.debug("Closing a log stream failed: {}", e.toString());
            }
        }

        List<String> lines() {
            String all = text.toString().stripTrailing();
            return all.isEmpty() ? List.of() : List.of(all.split("\r?\n"));
        }
    }

    /** Keeps the first stats sample; an error just means no number. */
    private static final class StatsOnce extends ResultCallback.Adapter<Statistics> {
        private volatile Statistics stats;

        @Override
        public void onNext(Statistics statistics) {
            if (stats == null) stats = statistics;
        }

        @Override
        public void onError(Throwable throwable) {
            try {
                close();
            } catch (IOException e) {
                log.debug("Closing a stats stream failed: {}", e.toString());
            }
        }
    }

    /**
     * Turns log frames into whole lines (stdout and stderr each keep their partial last line) for a follower.
     * Closing it closes the HTTP response, which ends docker-java's stream thread.
     */
    private static final class LogFollower extends ResultCallback.Adapter<Frame> {
        private final String container;
        private final LineSink lines;
        private final Runnable ended;
        private final Map<StreamType, ByteArrayOutputStream> partial = new EnumMap<>(StreamType.class);
        private final CountDownLatch open = new CountDownLatch(1);
        private final AtomicBoolean over = new AtomicBoolean();

        LogFollower(String container, LineSink lines, Runnable ended) {
            this.container = container;
            this.lines = lines;
            this.ended = ended;
        }

        @Override
        public void onStart(Closeable stream) {
            super.onStart(stream);
            open.countDown();
        }

        /**
         * A close before the stream opened would be forgotten when it opens (onStart marks the callback open
         * again), leaving the stream running; so the caller gets the follower only once it is open or over.
         */
        void awaitOpen() {
            try {
                if (!open.await(LOG_READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("The log stream of {} did not open within {} s", container, LOG_READ_TIMEOUT.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public synchronized void onNext(Frame frame) {
            if (over.get()) return;
            ByteArrayOutputStream buffer = partial.computeIfAbsent(frame.getStreamType(), t -> new ByteArrayOutputStream());
            for (byte b : frame.getPayload()) {
                if (b == '\n') {
                    lines.line(buffer.toString(StandardCharsets.UTF_8).replaceFirst("\r$", ""));
                    buffer.reset();
                } else {
                    buffer.write(b);
                }
            }
        }

        @Override
        public void onComplete() {
            end();
        }

        @Override
        public void onError(Throwable throwable) {
            if (!(throwable instanceof NotFoundException) && !over.get()) {
                log.debug("The log stream of {} ended: {}", container, throwable.toString());
            }
            end();
        }

        private void end() {
            open.countDown();
            boolean first;
            synchronized (this) {
                first = over.compareAndSet(false, true);
                if (first) {
                    partial.values().stream().filter(b -> b.size() > 0)
                            .forEach(b -> lines.line(b.toString(StandardCharsets.UTF_8)));
                }
            }
            try {
                super.close();
            } catch (IOException e) {
                log.debug("Closing the log stream of {} failed: {}", container, e.toString());
            }
            if (first) ended.run();
        }

        @Override
        public void close() throws IOException {
            over.set(true);
            super.close();
        }
    }
}
