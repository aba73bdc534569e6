package hiy.runtime;

import hiy.host.LoopbackResponder;

import hiy.model.Instance;
import hiy.model.LineSink;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory container engine for fast tests of the release rules. A web container really listens on its
 * loopback slot (so the health gate is HIY's own, over real HTTP) and answers with its image's tag, unless its image
 * was made {@link #broken}; {@link #crash} ends a container as a crash would.
 */
public final class FakeRuntime implements ContainerRuntime {
    public record Container(ContainerSpec spec, boolean running, LoopbackResponder server) { }

    private final Instance instance = new Instance("f4ce0001");
    private final Map<String, Container> containers = new ConcurrentHashMap<>();
    private final Set<String> broken = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> releaseExit = new ConcurrentHashMap<>();
    private final Map<String, Long> pids = new ConcurrentHashMap<>();
    /** Every start, in order: "start NAME" and "stop NAME" lines. */
    public final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Containers of this image start but never answer HTTP. */
    public void broken(String image) {
        broken.add(image);
    }

    /** Containers of this app start but never answer HTTP. */
    public void brokenApp(String app) {
        broken.add("app:" + app);
    }

    /** A release phase of this image exits with this status. */
    public void releaseExits(String image, int status) {
        releaseExit.put(image, status);
    }

    public void crash(String name) {
        Container c = containers.get(name);
        if (c == null) throw new IllegalArgumentException("no container " + name);
        if (c.server() != null) c.server().stop();
        containers.put(name, new Container(c.spec(), false, null));
    }

    /** The running container's main process is this pid (of a real or a made-up /proc), until it stops. */
    public void runsAs(String name, long pid) {
        if (!isRunning(name)) throw new IllegalArgumentException("no running container " + name);
        pids.put(name, pid);
    }

    public List<Container> running(String app) {
        return containers.values().stream().filter(c -> c.running() && c.spec().app().equals(app)).toList();
    }

    @Override
    public Instance instance() {
        return instance;
    }

    @Override
    public EngineMode.Limits limitsEnforced() {
        return new EngineMode(false, 2, List.of("memory", "cpu")).limits();
    }

    @Override
    public void start(ContainerSpec spec) throws RuntimeFailure {
        stopAndRemove(spec.name(), Duration.ZERO);
        LoopbackResponder server = null;
        if (spec.hostPort() != null && !broken.contains(spec.image()) && !broken.contains("app:" + spec.app())) {
            try {
                server = LoopbackResponder.serve(spec.hostPort(), spec.image());
            } catch (IOException e) {
                throw new RuntimeFailure("fake: port " + spec.hostPort() + " is taken: " + e.getMessage(), e);
            }
        }
        containers.put(spec.name(), new Container(spec, true, server));
        events.add("start " + spec.name());
    }

    @Override
    public void stopAndRemove(String containerName, Duration grace) {
        pids.remove(containerName);
        Container c = containers.remove(containerName);
        if (c == null) return;
        if (c.server() != null) c.server().stop();
        events.add("stop " + containerName);
    }

    @Override
    public boolean isRunning(String containerName) {
        Container c = containers.get(containerName);
        return c != null && c.running();
    }

    @Override
    public OptionalLong mainPid(String containerName) {
        Long pid = pids.get(containerName);
        return pid != null && isRunning(containerName) ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    @Override
    public List<String> lastLogLines(String containerName, int n) {
        return List.of();
    }

    @Override
    public Closeable followLog(String containerName, int tail, LineSink lines, Runnable ended) {
        return () -> { };
    }

    @Override
    public Optional<ContainerStatus> status(String containerName) {
        Container c = containers.get(containerName);
        if (c == null) return Optional.empty();
        return Optional.of(new ContainerStatus(containerName, c.running() ? "running" : "exited",
                c.running() ? Instant.now() : null, 0, null));
    }

    @Override
    public List<String> containersOf(String app) {
        return containers.values().stream().filter(c -> c.spec().app().equals(app)).map(c -> c.spec().name()).toList();
    }

    @Override
    public void removeNetwork(String app) { }

    @Override
    public void removeImage(String tag) { }

    @Override
    public Optional<Long> imageSize(String tag) {
        return Optional.empty();
    }

    @Override
    public int runOnce(String app, String image, List<String> command, Map<String, String> env, ProcessShape shape,
                       Attachment caller) {
        return 0;
    }

    @Override
    public void createVolume(String app, String name) { }

    @Override
    public boolean volumeExists(String app, String name) {
        return false;
    }

    @Override
    public Optional<Long> volumeSize(String app, String name) {
        return Optional.empty();
    }

    @Override
    public void removeVolume(String app, String name) { }

    @Override
    public List<String> volumesOf(String app) {
        return List.of();
    }

    @Override
    public void copyVolume(String app, String name, String toApp) {
        events.add("copy-volume " + app + "-" + name + " " + toApp);
    }

    @Override
    public void tagImage(String source, String tag) {
        events.add("tag " + source + " " + tag);
    }

    @Override
    public int runToEnd(ContainerSpec spec, LineSink output) {
        events.add("release-phase " + spec.name());
        return releaseExit.getOrDefault(spec.image(), 0);
    }
}
