package hiy.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.command.WaitContainerResultCallback;
import hiy.model.Instance;
import hiy.model.LineSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Containers that run to their end: `run`'s one-offs attached to the caller, and release commands. */
final class OneOffContainers {
    private static final Logger log = LoggerFactory.getLogger(OneOffContainers.class);
    /** What a one-off "returns" when its caller went away and it was killed: 128 + SIGKILL, as a shell reports it. */
    private static final int KILLED = 137;
    /** How long the exit wait goes without an answer before HIY asks Podman for the container's state. */
    private static final Duration EXIT_LOOK = Duration.ofSeconds(3);
    /** How long the log stream of an exited container may take to deliver its last lines. */
    private static final Duration LAST_LINES = Duration.ofSeconds(2);

    private final DockerClient docker;
    private final Instance instance;
    private final Isolation isolation;
    private final PodmanContainers containers;

    OneOffContainers(DockerClient docker, Instance instance, Isolation isolation, PodmanContainers containers) {
        this.docker = docker;
        this.instance = instance;
        this.isolation = isolation;
        this.containers = containers;
    }

    /** See ContainerRuntime.runOnce. */
    int runOnce(String app, String image, List<String> command, Map<String, String> env,
                ProcessShape shape, Attachment caller) throws RuntimeFailure {
        String name = instance.containerName(app, "run-" + Long.toString(System.currentTimeMillis(), 36));
        Attachment.Terminal terminal = caller.terminal();
        Map<String, String> environment = new LinkedHashMap<>(env);
        if (terminal != null) environment.put("TERM", terminal.type());
        HostConfig host = containers.shaped(app, shape).withNetworkMode(isolation.network(app));
        String id;
        try {
            id = isolation.create(host, app, !shape.volumes().isEmpty(), () -> docker.createContainerCmd(image).withName(name).withCmd(command)
                    .withEnv(environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                    .withTty(terminal != null).withStdinOpen(true).withStdInOnce(true)
                    .withLabels(ContainerPolicy.labels(instance, shape, Map.of(Instance.RUN_LABEL, app))).withHostConfig(host));
        } catch (NotFoundException e) {
            throw new RuntimeFailure("Image " + image + " does not exist: deploy the app again to rebuild it", e);
        } catch (DockerException e) {
            throw new RuntimeFailure("Podman could not create " + name + " from " + image + ": " + e.getMessage(), e);
        }
        ResultCallback.Adapter<Frame> output = terminal == null
                ? new PodmanLogs.LogFollower(name, caller.output(), () -> { }) : new TerminalOutput(name, terminal.out());
        StdinFeed stdin = new StdinFeed(name, caller.in());
        try {
            // Both attached before the start, so nothing the command prints or reads at once is missed; one after
            // the other: Podman 4.3 readies a created container for the first attach, and a second attach made
            // meanwhile tries that too and gets 409 Conflict.
            docker.attachContainerCmd(id).withStdOut(true).withStdErr(true).withLogs(true).withFollowStream(true)
                    .exec(output);
            boolean attached = opened(output);
            if (attached) {
                docker.attachContainerCmd(id).withStdIn(stdin.input()).withFollowStream(true).exec(stdin);
                attached = stdin.awaitOpen();
            }
            if (!attached) {
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
            throw new RuntimeFailure("Podman could not run " + name + ": " + e.getMessage()
                    + PodmanContainers.startHint(String.valueOf(e.getMessage()), false), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted while " + name + " ran", e);
        } finally {
            stdin.closeQuietly();
            close(output, name);
            PodmanContainers.removeForced(docker, id);
        }
    }

    private static boolean opened(ResultCallback.Adapter<Frame> output) throws InterruptedException {
        if (output instanceof TerminalOutput raw) return raw.awaitOpen();
        PodmanLogs.LogFollower lines = (PodmanLogs.LogFollower) output;
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

    /**
     * See ContainerRuntime.runToEnd. The container's exit ends it, not its log stream: Podman's followed logs do not
     * always end when a short-lived container exits (seen with rootless Podman 4.3, and in Podman's own tracker),
     * which held a release command, and the build queue behind it, for good. So the exit is awaited (the wait call,
     * and an inspect every few seconds in case that answer is lost too), then the log gets a moment to deliver its
     * last lines and is closed.
     */
    int runToEnd(ContainerSpec spec, LineSink output) throws RuntimeFailure {
        containers.start(spec);
        PodmanLogs.LogFollower follower = null;
        try {
            follower = docker.logContainerCmd(spec.name()).withStdOut(true).withStdErr(true).withTailAll()
                    .withFollowStream(true).exec(new PodmanLogs.LogFollower(spec.name(), output, () -> { }));
            int code = awaitExit(spec.name());
            if (!follower.awaitCompletion(LAST_LINES.toMillis(), TimeUnit.MILLISECONDS)) {
                log.debug("The log stream of {} did not end after its exit; closed", spec.name());
            }
            return code;
        } catch (DockerException e) {
            throw new RuntimeFailure("Podman could not run " + spec.name() + ": " + e.getMessage()
                    + PodmanContainers.startHint(String.valueOf(e.getMessage()), false), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted while " + spec.name() + " ran", e);
        } finally {
            if (follower != null) close(follower, spec.name());
            PodmanContainers.removeForced(docker, spec.name());
        }
    }

    /** The exit code, once the container has exited. */
    private int awaitExit(String name) throws InterruptedException {
        try (WaitContainerResultCallback wait = docker.waitContainerCmd(name).exec(new WaitContainerResultCallback())) {
            return awaitExit(wait, () -> exitCode(name), EXIT_LOOK);
        } catch (IOException e) {
            throw new DockerException("the wait for " + name + " could not be closed: " + e.getMessage(), 500);
        }
    }

    /**
     * The wait's answer, or, while it gives none (yet, or it ended without one: a lost answer waits for ever), the
     * exit code the container's state shows, asked every look.
     */
    static int awaitExit(WaitContainerResultCallback wait, Supplier<Optional<Integer>> exitCode, Duration look)
            throws InterruptedException {
        while (true) {
            long began = System.nanoTime();
            try {
                return wait.awaitStatusCode(look.toMillis(), TimeUnit.MILLISECONDS);
            } catch (DockerClientException noAnswer) {
                if (noAnswer.getCause() instanceof InterruptedException) throw new InterruptedException();
            }
            Optional<Integer> exited = exitCode.get();
            if (exited.isPresent()) return exited.get();
            long left = look.toMillis() - Duration.ofNanos(System.nanoTime() - began).toMillis();
            if (left > 0) Thread.sleep(left);
        }
    }

    private Optional<Integer> exitCode(String name) {
        InspectContainerResponse.ContainerState state = PodmanContainers.inspect(docker, name)
                .map(InspectContainerResponse::getState)
                .orElseThrow(() -> new DockerException(name + " was removed before it exited", 404));
        String finished = state.getFinishedAt();
        if (Boolean.TRUE.equals(state.getRunning()) || finished == null || finished.startsWith("0001-")) {
            return Optional.empty();
        }
        Long code = state.getExitCodeLong();
        return Optional.of(code == null ? -1 : code.intValue());
    }
}
