package hiy.runtime;

import com.github.dockerjava.api.command.InspectContainerResponse;
import hiy.host.HostProcess;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which containers run, as seen by their processes: each time Podman says a container runs, its main process (the
 * init HIY gives every container) is noted by pid and start time; while that process lives, the container runs,
 * and nobody needs to ask Podman (whose service may sleep meanwhile). When the process is gone, the container has
 * ended (or is ending): the caller asks Podman again, which says how.
 */
public final class RunningContainers {
    private final Map<String, HostProcess> seen = new ConcurrentHashMap<>();

    /** True when the container's noted process still runs; empty when unknown or gone (ask Podman then). */
    Optional<Boolean> known(String container) {
        return process(container).map(p -> true);
    }

    /** The container's noted main process while it still runs; empty when unknown or gone. */
    Optional<HostProcess> process(String container) {
        HostProcess p = seen.get(container);
        if (p == null) return Optional.empty();
        if (p.alive()) return Optional.of(p);
        seen.remove(container, p);
        return Optional.empty();
    }

    /** What Podman just said of the container (empty: there is none). */
    void note(String container, Optional<InspectContainerResponse> inspected) {
        Optional<HostProcess> process = inspected
                .map(InspectContainerResponse::getState)
                .filter(s -> Boolean.TRUE.equals(s.getRunning()))
                .map(s -> s.getPidLong() == null ? 0L : s.getPidLong())
                .flatMap(HostProcess::of);
        if (process.isPresent()) seen.put(container, process.get());
        else seen.remove(container);
    }
}
