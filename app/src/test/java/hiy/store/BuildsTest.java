package hiy.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which of an app's builds is pending: the one the builder runs, else the next to wait. */
class BuildsTest {
    @TempDir
    Path dir;

    @Test
    void theFirstPendingBuildIsTheOneThatRunsNotTheNewestThatWaits() {
        Database db = Database.open(dir.resolve("hiy.db"));
        new Apps(db).create("blog", List.of(21000, 21001), "alice");
        new Apps(db).create("other", List.of(21002, 21003), "alice");
        Builds builds = new Builds(db);
        assertFalse(builds.pending("blog"));
        assertEquals(Optional.empty(), builds.firstPending("blog"));
        Builds.Build done = builds.enqueue("blog", "a".repeat(40), "refs/heads/main", "push", "alice", "logs");
        builds.started(done.id());
        builds.finished(done.id(), Builds.Status.SUCCEEDED, 1, null);
        Builds.Build running = builds.enqueue("blog", "b".repeat(40), "refs/heads/main", "push", "alice", "logs");
        Builds.Build waiting = builds.enqueue("blog", "c".repeat(40), "refs/heads/main", "push", "alice", "logs");
        builds.enqueue("other", "d".repeat(40), "refs/heads/main", "push", "alice", "logs");
        builds.started(running.id());
        assertTrue(builds.pending("blog"));
        assertEquals(running.id(), builds.firstPending("blog").orElseThrow().id());
        builds.finished(running.id(), Builds.Status.FAILED, null, "broken");
        assertEquals(waiting.id(), builds.firstPending("blog").orElseThrow().id());
    }
}
