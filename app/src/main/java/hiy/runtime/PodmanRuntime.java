package hiy.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import hiy.model.Instance;
import hiy.model.LineSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Runs app containers through Podman's Docker-compatible API, locked down ({@link ContainerPolicy}) and reachable
 * on loopback only. Each part has a class of its own: {@link PodmanContainers} (start, stop, look up, list),
 * {@link PodmanLogs}, {@link OneOffContainers}, {@link PodmanVolumes} and {@link Isolation} (the app's network);
 * images are here.
 */
public final class PodmanRuntime implements ContainerRuntime {
    private static final Logger log = LoggerFactory.getLogger(PodmanRuntime.class);

    private final PodmanConnection podman;
    private final DockerClient docker;
    private final Instance instance;
    private final Isolation isolation;
    private final PodmanVolumes volumes;
    private final PodmanContainers containers;
    private final PodmanLogs logs;
    private final OneOffContainers oneOffs;

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
        this.containers = new PodmanContainers(docker, instance, isolation, volumes, podman.running());
        this.logs = new PodmanLogs(docker);
        this.oneOffs = new OneOffContainers(docker, instance, isolation, containers);
    }

    /**
     * Removes the port rules Podman left behind for HIY's containers that are gone ({@link StalePortRules}), before
     * HIY or Caddy open a loopback port such a rule could take; nothing when Podman cannot list its containers now.
     */
    public void removeLeftoverPortRules() {
        StalePortRules.removeOrphans(() -> {
            try {
                return docker.listContainersCmd().withShowAll(true).exec().stream()
                        .map(Container::getId).toList();
            } catch (DockerException e) {
                log.warn("Could not list Podman's containers to find the port rules it left behind: {}", e.getMessage());
                return null;
            }
        });
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
        try {
            containers.start(spec);
        } catch (RuntimeFailure | DockerException failure) {
            if (!PodmanDeadline.passing(failure)) throw failure;
            // Podman 4.3's service can deadlock on its own locks (then HIY replaces it), or lose sight of a network
            // another Podman process just changed: neither says anything about the container, so one more try.
            log.warn("Starting {} failed ({}); trying once more on a Podman service that answers", spec.name(),
                    failure.getMessage());
            podman.ensureAlive();
            containers.start(spec);
        }
    }

    @Override
    public void stopAndRemove(String containerName, Duration grace) {
        containers.stopAndRemove(containerName, grace);
    }

    @Override
    public boolean isRunning(String containerName) {
        return containers.isRunning(containerName);
    }

    @Override
    public OptionalLong mainPid(String containerName) {
        return podman.running().process(containerName).map(p -> OptionalLong.of(p.pid())).orElse(OptionalLong.empty());
    }

    @Override
    public Optional<ContainerStatus> status(String containerName) {
        return containers.status(containerName);
    }

    @Override
    public List<String> containersOf(String app) {
        return PodmanContainers.labelled(docker, instance, app).stream().map(AppContainers.Labelled::name).toList();
    }

    @Override
    public List<String> lastLogLines(String containerName, int n) {
        return logs.lastLogLines(containerName, n);
    }

    @Override
    public Closeable followLog(String containerName, int tail, LineSink lines, Runnable ended) {
        return logs.followLog(containerName, tail, lines, ended);
    }

    @Override
    public int runOnce(String app, String image, List<String> command, Map<String, String> env,
                       ProcessShape shape, Attachment caller) throws RuntimeFailure {
        return oneOffs.runOnce(app, image, command, env, shape, caller);
    }

    @Override
    public int runToEnd(ContainerSpec spec, LineSink output) throws RuntimeFailure {
        return oneOffs.runToEnd(spec, output);
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
    public void removeImage(String tag) {
        try {
            docker.removeImageCmd(tag).exec();
        } catch (NotFoundException e) {
            log.debug("Image {} was already gone", tag);
        } catch (ConflictException e) {
            log.debug("Image {} is still in use: {}", tag, e.getMessage());
        }
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
    public void copyVolume(String app, String name, String toApp) throws RuntimeFailure {
        volumes.copy(app, name, toApp, isolation.sharedIdsStart(app), isolation.sharedIdsStart(toApp));
    }

    @Override
    public void tagImage(String source, String tag) throws RuntimeFailure {
        int colon = tag.lastIndexOf(':');
        try {
            docker.tagImageCmd(source, tag.substring(0, colon), tag.substring(colon + 1)).exec();
        } catch (DockerException e) {
            throw new RuntimeFailure("Podman could not tag image " + source + " as " + tag + ": " + e.getMessage()
                    + "; check `podman image exists " + source + "`", e);
        }
    }

    @Override
    public void removeNetwork(String app) {
        isolation.removeNetwork(app);
    }
}
