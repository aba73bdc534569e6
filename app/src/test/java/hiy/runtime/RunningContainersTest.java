package hiy.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What HIY knows of a container's main process between Podman's answers: a real process of this host stands in. */
class RunningContainersTest {
    private final RunningContainers running = new RunningContainers();

    @Test
    void theNotedProcessIsKnownUntilItEnds() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "600").start();
        try {
            running.note("c1", inspected(true, sleeper.pid()));
            assertEquals(sleeper.pid(), running.process("c1").orElseThrow().pid());
            assertEquals(Optional.of(true), running.known("c1"));
            sleeper.destroyForcibly();
            assertTrue(sleeper.waitFor(30, TimeUnit.SECONDS));
            assertTrue(running.process("c1").isEmpty(), "ended");
            assertTrue(running.known("c1").isEmpty(), "and forgotten, so Podman is asked again");
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void aContainerPodmanSaysIsNotRunningHasNoProcess() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "600").start();
        try {
            running.note("c1", inspected(true, sleeper.pid()));
            running.note("c1", inspected(false, sleeper.pid()));
            assertTrue(running.process("c1").isEmpty());
            running.note("c2", Optional.empty());
            assertTrue(running.process("c2").isEmpty(), "no such container");
        } finally {
            sleeper.destroyForcibly();
        }
    }

    private static Optional<InspectContainerResponse> inspected(boolean running, long pid) throws Exception {
        return Optional.of(new ObjectMapper().readValue("{\"State\": {\"Running\": " + running + ", \"Pid\": " + pid
                + "}}", InspectContainerResponse.class));
    }
}
