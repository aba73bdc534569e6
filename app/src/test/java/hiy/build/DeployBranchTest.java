package hiy.build;

import hiy.store.Releases.Release;
import hiy.store.Releases.Status;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** main names the commit that serves: moved by HIY alone, forward or back, and put right after a crash. */
class DeployBranchTest {
    private static final String MAIN = "refs/heads/main";

    @TempDir Path dir;
    private Path gitDir;
    private Git git;
    private RevCommit one;
    private RevCommit two;

    @BeforeEach
    void commits() throws Exception {
        gitDir = dir.resolve("app.git");
        git = Git.init().setBare(true).setInitialBranch("main").setGitDir(gitDir.toFile()).call();
        try (Git src = Git.init().setInitialBranch("main").setDirectory(dir.resolve("src").toFile()).call()) {
            one = src.commit().setAllowEmpty(true).setMessage("one").setAuthor("T", "t@x").setCommitter("T", "t@x").call();
            two = src.commit().setAllowEmpty(true).setMessage("two").setAuthor("T", "t@x").setCommitter("T", "t@x").call();
            src.push().setRemote(gitDir.toUri().toString()).add("main:refs/heads/side").call();
        }
    }

    @AfterEach
    void close() {
        git.close();
    }

    @Test
    void movesForwardBackAndCreatesButNeverTwice() throws Exception {
        assertTrue(DeployBranch.moveTo(gitDir, MAIN, one.name()), "a first deploy creates main");
        assertEquals(one.getId(), main());
        assertTrue(DeployBranch.moveTo(gitDir, MAIN, two.name()));
        assertTrue(DeployBranch.moveTo(gitDir, MAIN, one.name()), "a force push of an older commit goes back");
        assertEquals(one.getId(), main());
        assertFalse(DeployBranch.moveTo(gitDir, MAIN, one.name()), "already there");
    }

    @Test
    void aCommitThatIsNotInTheRepositoryIsRefusedAndMainStays() throws Exception {
        DeployBranch.moveTo(gitDir, MAIN, one.name());
        String missing = "0123456789abcdef0123456789abcdef01234567";
        try {
            DeployBranch.moveTo(gitDir, MAIN, missing);
            throw new AssertionError("moved main to a commit the repository does not have");
        } catch (IOException expected) {
            assertEquals(one.getId(), main());
        }
    }

    @Test
    void alignPointsMainAtTheNewestBuiltReleaseThatServed() throws Exception {
        DeployBranch.moveTo(gitDir, MAIN, one.name());
        List<Release> releases = List.of(
                release(5, two, "rollback v3", Status.LIVE),
                release(4, one, "deploy", Status.FAILED),
                release(3, two, "deploy", Status.RETIRED),
                release(2, one, "deploy", Status.RETIRED));
        Optional<Release> moved = DeployBranch.align(gitDir, MAIN, releases);
        assertEquals(3, moved.orElseThrow().version(), "v3 went live (HIY died before moving main); v4 never did");
        assertEquals(two.getId(), main());
        assertTrue(DeployBranch.align(gitDir, MAIN, releases).isEmpty(), "nothing to do the second time");
    }

    @Test
    void aRollbackOrConfigChangeDoesNotMoveMainAndNoBuiltReleaseLeavesItAlone() throws Exception {
        DeployBranch.moveTo(gitDir, MAIN, two.name());
        assertTrue(DeployBranch.align(gitDir, MAIN, List.of(
                release(3, one, "rollback v1", Status.LIVE),
                release(2, two, "config", Status.RETIRED),
                release(1, two, "deploy", Status.RETIRED))).isEmpty());
        assertEquals(two.getId(), main());
        assertTrue(DeployBranch.align(gitDir, MAIN, List.of(release(1, one, "deploy", Status.FAILED))).isEmpty());
        assertEquals(two.getId(), main());
    }

    @Test
    void aWriterInBetweenIsNotOverwritten() throws Exception {
        DeployBranch.moveTo(gitDir, MAIN, one.name());
        Path lock = Files.createFile(gitDir.resolve("refs/heads/main.lock"));
        try {
            DeployBranch.moveTo(gitDir, MAIN, two.name());
            throw new AssertionError("moved main while another writer held it");
        } catch (IOException expected) {
            assertTrue(expected.getMessage().contains("could not point main at " + two.abbreviate(7).name()),
                    expected.getMessage());
        } finally {
            Files.delete(lock);
        }
        assertEquals(one.getId(), main());
    }

    private ObjectId main() throws IOException {
        try (Git open = Git.open(gitDir.toFile())) {
            Ref ref = open.getRepository().exactRef(MAIN);
            return ref == null ? null : ref.getObjectId();
        }
    }

    private static Release release(int version, RevCommit commit, String kind, Status status) {
        return new Release("blog", version, "hiy/blog:v" + version, "id", commit.name(), 5000, kind, status, "alice", 0,
                null, null);
    }
}
