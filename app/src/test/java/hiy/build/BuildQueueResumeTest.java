package hiy.build;

import hiy.store.Apps;
import hiy.store.Builds.Build;
import hiy.store.Builds;
import hiy.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A build under way when HIY died is built once more, never twice: it may be what killed HIY. */
class BuildQueueResumeTest {
    @TempDir
    Path dir;

    @Test
    void aBuildThatWasCutOffTwiceIsMarkedFailedInsteadOfQueuedAgain() throws Exception {
        Database db = Database.open(dir.resolve("hiy.db"));
        new Apps(db).create("loop", List.of(21000, 21001), "alice");
        Builds builds = new Builds(db);
        Path logs = dir.resolve("logs");
        BuildQueue queue = new BuildQueue(builds, logs, (build, log) -> {
            throw new AssertionError("the worker is not started in this test");
        });

        Build first = builds.enqueue("loop", "abc", "refs/heads/main", "push", "alice", logs.toString());
        builds.started(first.id());
        // HIY dies here; the next start:
        queue.resume(builds.interruptRunning());
        Build retry = builds.nextQueued().orElseThrow();
        assertEquals("retry", retry.trigger());
        assertEquals(1, retry.attempts(), "the retry carries the count on");

        builds.started(retry.id());
        // HIY dies again; the start after that:
        queue.resume(builds.interruptRunning());
        assertTrue(builds.nextQueued().isEmpty(), "not queued a third time");
        Build given = builds.find(retry.id()).orElseThrow();
        assertEquals(Builds.Status.FAILED, given.status());
        assertEquals(2, given.attempts());
        assertTrue(given.error().startsWith("HIY stopped 2 times while building this commit, so it is not built again"),
                given.error());
        assertTrue(Files.readString(Path.of(given.logPath())).contains(" !     HIY stopped 2 times"),
                "the build log says why");
        assertEquals(Builds.Status.INTERRUPTED, builds.find(first.id()).orElseThrow().status());
    }
}
