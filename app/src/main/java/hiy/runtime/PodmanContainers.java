package hiy.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.Volume;
import hiy.model.Instance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The lifecycle of HIY's containers on Podman: make and start one, stop and remove it, look it up, list them. */
final class PodmanContainers {
    private static final Logger log = LoggerFactory.getLogger(PodmanContainers.class);
    private static final String LOOPBACK = "127.0.0.1";
    /** Podman answers a one-shot stats request after sampling; never let a slow one hold up `ps`. */
    private static final Duration STATS_TIMEOUT = Duration.ofSeconds(3);
    private static final int REMOVE_ATTEMPTS = 10;
    private static final Duration REMOVE_RETRY_PAUSE = Duration.ofMillis(200);

    private final DockerClient docker;
    private final Instance instance;
    private final Isolation isolation;
    private final PodmanVolumes volumes;
    private final RunningContainers running;

    PodmanContainers(DockerClient docker, Instance instance, Isolation isolation, PodmanVolumes volumes,
                     RunningContainers running) {
        this.docker = docker;
        this.running = running;
        this.instance = instance;
        this.isolation = isolation;
        this.volumes = volumes;
    }

    /** The container gets PORT=containerPort unless spec.env sets PORT itself. */
    void start(ContainerSpec spec) throws RuntimeFailure {
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
                        .withLabels(ContainerPolicy.labels(instance, spec.shape(), spec.labels()))
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
            removeForced(docker, id);
            String message = String.valueOf(e.getMessage());
            String where = spec.hostPort() == null ? "" : " on " + LOOPBACK + ":" + spec.hostPort();
            throw new RuntimeFailure("Podman could not start container " + spec.name() + where + ": " + message
                    + startHint(message, spec.hostPort() != null), e);
        }
        if (spec.hostPort() != null) StalePortRules.removeFor(spec.hostPort(), id);
    }

    /**
     * What to do about a start that failed, where the cause is known. Rootless Podman 4 with CNI sets a network up
     * with a directory of its own mounted over /var/lib/cni, or over /var/lib when that is missing: then it cannot see
     * the network's settings in the home of a user under /var/lib (HIY's, /var/lib/hiy) and says "network not found".
     */
    static String startHint(String message, boolean published) {
        if (published && (message.contains("address already in use") || message.contains("bind"))) {
            return " (is another process using that port? `ss -ltnp` shows it)";
        }
        if (message.contains("network not found") && !Files.isDirectory(Path.of("/var/lib/cni"))) {
            return " (/var/lib/cni is missing, so rootless Podman hides /var/lib while it sets up the network: as root,"
                    + " `mkdir -p /var/lib/cni` (infra/hiy-user.sh does), then push again)";
        }
        return "";
    }

    /** The app's container: locked down, with its limits, and its volumes (made if missing) mounted. */
    HostConfig shaped(String app, ProcessShape shape) throws RuntimeFailure {
        HostConfig host = ContainerPolicy.lockedDown(shape.memoryBytes(), shape.cpus());
        List<Bind> binds = new ArrayList<>();
        for (VolumeMount m : shape.volumes()) binds.add(new Bind(volumes.ensure(app, m.name()), new Volume(m.path())));
        if (!binds.isEmpty()) host.withBinds(binds);
        return host;
    }

    void stopAndRemove(String containerName, Duration grace) {
        try {
            docker.stopContainerCmd(containerName).withTimeout((int) grace.toSeconds()).exec();
        } catch (NotFoundException e) {
            return;
        } catch (NotModifiedException e) {
            log.debug("{} was already stopped", containerName);
        }
        removeForced(docker, containerName);
    }

    /** Asks Podman only when the container's process is not known to run (its service may sleep meanwhile). */
    boolean isRunning(String containerName) {
        if (running.known(containerName).isPresent()) return true;
        Optional<InspectContainerResponse> found = inspect(docker, containerName);
        running.note(containerName, found);
        return found.map(c -> Boolean.TRUE.equals(c.getState().getRunning())).orElse(false);
    }

    Optional<ContainerStatus> status(String containerName) {
        Optional<InspectContainerResponse> found = inspect(docker, containerName);
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

    private static List<String> environment(ContainerSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", Integer.toString(spec.containerPort()));
        env.putAll(spec.env());
        List<String> pairs = new ArrayList<>();
        env.forEach((key, value) -> pairs.add(key + "=" + value));
        return pairs;
    }

    /**
     * Makes room for a container of this name: one left by this HIY goes; one of another HIY (or made by hand) stays,
     * and the start fails rather than take it away.
     */
    private void removeOwn(String name) throws RuntimeFailure {
        Optional<InspectContainerResponse> found = inspect(docker, name);
        if (found.isEmpty()) return;
        Map<String, String> labels = found.get().getConfig() == null ? null : found.get().getConfig().getLabels();
        if (!instance.owns(labels)) {
            throw new RuntimeFailure("a container named " + name + " exists and is not this HIY's (its "
                    + Instance.INSTANCE_LABEL + " label is not " + instance.id() + "); HIY leaves it alone: remove it"
                    + " with `podman rm -f " + name + "` if nobody needs it, then try again");
        }
        removeForced(docker, name);
    }

    /**
     * Empty if the container does not exist, also when it was removed (say, replaced by the supervisor) between
     * Podman's name lookup and its read: Podman resolves a name to an id, then looks the id up, and a container
     * removed in between gives HTTP 500 "no such container" instead of 404.
     */
    static Optional<InspectContainerResponse> inspect(DockerClient docker, String containerName) {
        try {
            return Optional.of(docker.inspectContainerCmd(containerName).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (InternalServerErrorException e) {
            if (removedMeanwhile(e)) return Optional.empty();
            throw e;
        }
    }

    private static boolean removedMeanwhile(InternalServerErrorException e) {
        return String.valueOf(e.getMessage()).contains("no such container");
    }

    /**
     * This HIY's containers of the apps' releases (of one app, unless app is null); another HIY's on the same
     * Podman, even of an app of the same name, are not listed.
     */
    static List<AppContainers.Labelled> labelled(DockerClient docker, Instance instance, String app) {
        Map<String, String> filter = new HashMap<>(Map.of(Instance.INSTANCE_LABEL, instance.id()));
        if (app != null) filter.put(Instance.APP_LABEL, app);
        List<AppContainers.Labelled> all = new ArrayList<>();
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(filter).exec()) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            // The Docker API prefixes names with "/".
            String name = c.getNames() == null || c.getNames().length == 0 ? c.getId()
                    : c.getNames()[0].replaceFirst("^/", "");
            // Checked here too: the filter is Podman's, the rule is HIY's.
            if (instance.owns(labels) && labels.containsKey(Instance.APP_LABEL)) {
                all.add(new AppContainers.Labelled(c.getId(), name, labels.get(Instance.APP_LABEL)));
            }
        }
        return all;
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
                if (removedMeanwhile(e)) return;
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
}
