package hiy.runtime;

import java.time.Duration;
import java.util.List;

/** The seam to the container engine (Podman through its Docker-compatible API). */
public interface ContainerRuntime {
    /** Creates and starts the container; an existing container of that name is replaced. */
    void start(ContainerSpec spec) throws RuntimeFailure;

    /** SIGTERM, then SIGKILL after grace; then removes the container. No error if it does not exist. */
    void stopAndRemove(String containerName, Duration grace);

    boolean isRunning(String containerName);

    /** The last n lines of the container's stdout and stderr, oldest first; empty if none. */
    List<String> lastLogLines(String containerName, int n);

    /** Names of all containers (running or not) carrying the label hiy.app=app. */
    List<String> containersOf(String app);

    /** Removes an image by tag; no error if it is gone or still in use. */
    void removeImage(String tag);
}
