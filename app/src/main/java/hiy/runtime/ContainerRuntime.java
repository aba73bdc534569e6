package hiy.runtime;

import hiy.model.Instance;
import hiy.model.LineSink;

import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The seam to the container engine (Podman through its Docker-compatible API). */
public interface ContainerRuntime {
    /** The HIY whose containers these are: it names and labels every container, image tag and network. */
    Instance instance();

    /**
     * Whether the memory and CPU limits given to containers are enforced on this host, and why not when they are
     * not (rootless Podman on cgroup v1 ignores them); for `ps`, `apps:report` and health checks of the box.
     */
    EngineMode.Limits limitsEnforced();

    /** Creates and starts the container; an existing container of that name is replaced. */
    void start(ContainerSpec spec) throws RuntimeFailure;

    /** SIGTERM, then SIGKILL after grace; then removes the container. No error if it does not exist. */
    void stopAndRemove(String containerName, Duration grace);

    boolean isRunning(String containerName);

    /**
     * The host pid of the container's main process, while HIY knows it runs (noted when Podman last said so, see
     * {@link RunningContainers}); empty when that is unknown or the process is gone. Never asks Podman, so it can be
     * asked every few seconds without waking a sleeping service.
     */
    OptionalLong mainPid(String containerName);

    /** The last n lines of the container's stdout and stderr, oldest first; empty if none. */
    List<String> lastLogLines(String containerName, int n);

    /**
     * The last {@code tail} lines of the container's stdout and stderr, then every new line as it comes, each
     * passed to {@code lines} on a stream thread. {@code ended} runs once when the stream ends on its own (the
     * container stopped or went away). Closing the result stops the stream and frees its thread.
     */
    Closeable followLog(String containerName, int tail, LineSink lines, Runnable ended);

    /** What the engine knows about one container now; empty if it does not exist. */
    Optional<ContainerStatus> status(String containerName);

    /** Names of this HIY's containers (running or not) of the app's releases. */
    List<String> containersOf(String app);

    /** Removes the app's network (see {@link Instance#network}); no error if it is gone. */
    void removeNetwork(String app);

    /** Removes an image by tag; no error if it is gone or still in use. */
    void removeImage(String tag);

    /** The image's size in bytes (layers shared with other images included); empty if it is gone. */
    Optional<Long> imageSize(String tag);

    /**
     * A one-off container of the app from {@code image} running {@code command} with the app's environment, the
     * app's shape (limits, volumes, labels) and network, no published port, attached to the caller (its input, its output, its terminal if it has
     * one), and removed when it ends. Returns its exit status; 137 (as for a kill) when the caller went away first.
     */
    int runOnce(String app, String image, List<String> command, Map<String, String> env, ProcessShape shape, Attachment caller) throws RuntimeFailure;

    /**
     * Makes the app's named volume NAME (see {@link Instance#volume}) if it does not exist yet; a volume of that name
     * that is not this HIY's is refused. {@link #start} makes missing volumes too: this is for making one before.
     */
    void createVolume(String app, String name) throws RuntimeFailure;

    /** Whether this HIY has the app's volume NAME; one of that name that is not this HIY's is refused. */
    boolean volumeExists(String app, String name) throws RuntimeFailure;

    /** The bytes in the volume's files; empty if it does not exist or its size cannot be read. */
    Optional<Long> volumeSize(String app, String name);

    /** Deletes the volume and its data for good; refused while a container uses it. No error if it is gone. */
    void removeVolume(String app, String name) throws RuntimeFailure;

    /** NAMEs of this HIY's volumes of the app, those of a destroyed app of the same name included. */
    List<String> volumesOf(String app);

    /**
     * Copies the files of the app's volume NAME, owners and modes kept, into a new volume NAME of app {@code toApp}
     * (one that exists already is refused). Nothing may write the source meanwhile.
     */
    void copyVolume(String app, String name, String toApp) throws RuntimeFailure;

    /** Gives the image named {@code source} the name {@code tag} as well. */
    void tagImage(String source, String tag) throws RuntimeFailure;

    /**
     * Starts the container and waits for it to end, its output going to {@code output} as it comes (from the
     * first line); then removes it. Returns its exit status.
     */
    int runToEnd(ContainerSpec spec, LineSink output) throws RuntimeFailure;
}
