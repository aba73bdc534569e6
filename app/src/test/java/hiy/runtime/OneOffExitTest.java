package hiy.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.WaitResponse;
import com.github.dockerjava.core.command.WaitContainerResultCallback;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A one-off (a release command) ends when its container exits, even when Podman's wait never answers (as its
 * followed logs sometimes never end): HIY then reads the exit from the container's state.
 */
class OneOffExitTest {
    private static final Duration LOOK = Duration.ofMillis(50);

    @Test
    void aWaitThatNeverAnswersEndsOnceTheContainerShowsItsExit() throws Exception {
        WaitContainerResultCallback silent = new WaitContainerResultCallback();
        AtomicInteger asked = new AtomicInteger();
        long start = System.nanoTime();
        int code = OneOffContainers.awaitExit(silent, () -> asked.incrementAndGet() < 3 ? Optional.empty() : Optional.of(3), LOOK);
        assertEquals(3, code);
        assertEquals(3, asked.get(), "asked once a look until the state showed the exit");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5_000);
    }

    @Test
    void aWaitThatEndedWithoutAnAnswerDoesNotSpinAndTheStateDecides() throws Exception {
        WaitContainerResultCallback ended = new WaitContainerResultCallback();
        ended.onComplete();
        AtomicInteger asked = new AtomicInteger();
        long start = System.nanoTime();
        int code = OneOffContainers.awaitExit(ended, () -> asked.incrementAndGet() < 4 ? Optional.empty() : Optional.of(0), LOOK);
        assertEquals(0, code);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 3 * LOOK.toMillis(), "one look apart");
    }

    @Test
    void theWaitsAnswerIsTakenWithoutAsking() throws Exception {
        WaitContainerResultCallback answered = new WaitContainerResultCallback();
        answered.onNext(new ObjectMapper().readValue("{\"StatusCode\": 7}", WaitResponse.class));
        answered.onComplete();
        assertEquals(7, OneOffContainers.awaitExit(answered, () -> {
            throw new AssertionError("the state is not asked when the wait answered");
        }, LOOK));
    }
}
