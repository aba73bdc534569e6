package hiy.runtime;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import hiy.model.Instance;

import java.util.List;
import java.util.Optional;

/** What Podman knows about HIY's app containers: whether one runs, how it ended, which exist. For the supervisor. */
public final class AppContainers {

    /** exitCode and oomKilled describe the last run once the container has stopped; memoryLimit: bytes, 0 for none. */
    public record State(boolean running, long exitCode, boolean oomKilled, long memoryLimit) {
        static final State RUNNING = new State(true, 0, false, 0);

        /** Why a stopped container stopped, in words for `apps`, `ps` and the log. */
        public String exitReason() {
            String limit = memoryLimit > 0 ? " (limit " + memoryLimit / (1024 * 1024) + " MB)" : "";
            if (oomKilled) return "out of memory" + limit;
            // Podman 4.3 on cgroup v1 does not flag the kernel's OOM kills, which look like any SIGKILL then.
            if (exitCode == 137 && memoryLimit > 0) return "exit code 137 (killed: out of memory" + limit + ", or kill -9)";
            return "exit code " + exitCode + (exitCode == 137 ? " (killed)" : exitCode == 143 ? " (terminated)" : "");
        }
    }

    /** A container of one of this HIY's apps, carrying its instance label. */
    public record Labelled(String id, String name, String app) { }

    private final PodmanConnection podman;
    private final Instance instance;

    public AppContainers(PodmanConnection podman, Instance instance) {
        this.podman = podman;
        this.instance = instance;
    }

    /**
     * Empty when no container of that name exists (any more). A container whose process HIY saw running still runs
     * while that process lives: then Podman is not asked (its service may sleep).
     */
    public Optional<State> state(String name) {
        if (podman.running().known(name).isPresent()) return Optional.of(State.RUNNING);
        Optional<InspectContainerResponse> found = PodmanContainers.inspect(podman.client(), name);
        podman.running().note(name, found);
        return found.map(inspected -> {
            InspectContainerResponse.ContainerState s = inspected.getState();
            Long exit = s.getExitCodeLong();
            Long limit = inspected.getHostConfig() == null ? null : inspected.getHostConfig().getMemory();
            return new State(Boolean.TRUE.equals(s.getRunning()), exit == null ? 0 : exit,
                    Boolean.TRUE.equals(s.getOOMKilled()), limit == null ? 0 : limit);
        });
    }

    /** Whether HIY's own Podman service sleeps now: then nothing was started or changed since it was last asked. */
    public boolean engineAsleep() {
        return podman.asleep();
    }

    /** This HIY's app containers; another HIY's on the same Podman, even of an app of the same name, are not listed. */
    public List<Labelled> labelled() {
        return PodmanContainers.labelled(podman.client(), instance, null);
    }

    /**
     * Removes the container at once, running or not; no error if it is already gone. Killed first: a forced
     * remove alone gives a process that ignores SIGTERM Podman's full stop timeout, holding up the supervisor.
     */
    public void remove(String id) {
        try {
            podman.client().killContainerCmd(id).exec();
        } catch (NotFoundException | ConflictException | InternalServerErrorException notRunning) {
            // stopped or gone already: removing is all that is left
        }
        PodmanContainers.removeForced(podman.client(), id);
    }
}
