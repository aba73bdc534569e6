package hiy.hooks;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TestProtocol;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The receive rules with JGit's in-process transport and a queue that answers at once: main moves only when the
 * deploy went live, a failed one rejects the ref with its reason, the rest of the push is stored regardless.
 */
class DeployHookTest {
    private static final String BROKEN = "the Dockerfile failed at STEP 2/2: RUN false: exit status 1";

    @TempDir Path dir;
    private Repository server;
    private Git client;
    private Queue queue;
    private final List<String> audit = new ArrayList<>();
    private TestProtocol<Object> protocol;
    private URIish uri;
    /** When set, the advertisement shows main at this commit instead of where it is (a push that raced another). */
    private ObjectId advertiseMainAt;

    @BeforeEach
    void setUp() throws Exception {
        server = Git.init().setBare(true).setInitialBranch("main").setGitDir(dir.resolve("app.git").toFile()).call()
                .getRepository();
        client = Git.init().setInitialBranch("main").setDirectory(dir.resolve("src").toFile()).call();
        queue = new Queue(server);
        protocol = new TestProtocol<>(null, (req, db) -> {
            ReceivePack pack = new ReceivePack(db);
            pack.setAllowNonFastForwards(true);
            if (advertiseMainAt != null) {
                pack.setAdvertiseRefsHook(new org.eclipse.jgit.transport.AdvertiseRefsHook() {
                    @Override
                    public void advertiseRefs(ReceivePack rp) throws IOException {
                        rp.setAdvertisedRefs(Map.of(DeployHook.DEPLOY_REF, new org.eclipse.jgit.lib.ObjectIdRef.Unpeeled(
                                Ref.Storage.LOOSE, DeployHook.DEPLOY_REF, advertiseMainAt)), null);
                    }

                    @Override
                    public void advertiseRefs(org.eclipse.jgit.transport.UploadPack up) { }
                });
            }
            new DeployHook(queue, "blog", "alice", (ref, sha, outcome) -> audit.add(ref + " " + outcome)).install(pack);
            return pack;
        });
        Transport.register(protocol);
        uri = protocol.register(new Object(), server);
    }

    @AfterEach
    void tearDown() {
        Transport.unregister(protocol);
        client.close();
        server.close();
    }

    @Test
    void aDeployThatWentLiveMovesMainAndTheRefIsOk() throws Exception {
        RevCommit c = commit("first");
        PushResult r = push("main:main");
        assertEquals(RemoteRefUpdate.Status.OK, status(r, "main"));
        assertEquals(c.getId(), main());
        assertTrue(r.getMessages().contains("-----> Received blog at " + c.abbreviate(7).name() + " (main)"), r.getMessages());
        assertEquals(List.of("refs/heads/main deployed"), audit);
        assertEquals(List.of(c.name()), queue.enqueued);
    }

    @Test
    void aFailedDeployRejectsMainWithTheReasonAndMainStays() throws Exception {
        RevCommit good = commit("good");
        push("main:main");
        queue.failWith = BROKEN;
        commit("broken");
        PushResult r = push("main:main");
        RemoteRefUpdate main = r.getRemoteUpdate("refs/heads/main");
        assertEquals(RemoteRefUpdate.Status.REJECTED_OTHER_REASON, main.getStatus());
        assertEquals("deploy failed: " + BROKEN, main.getMessage());
        assertEquals(good.getId(), main(), "main stays at the commit that serves");
        assertEquals("refs/heads/main deploy failed", audit.get(1));
    }

    @Test
    void otherBranchesAreStoredBeforeTheBuildAndEvenWhenItFails() throws Exception {
        commit("good");
        push("main:main");
        queue.failWith = BROKEN;
        queue.onEnqueue = () -> assertTrue(exists("refs/heads/wip"), "wip was stored before main's build started");
        RevCommit wip = commit("wip");
        PushResult r = push("main:main", "main:wip");
        assertEquals(RemoteRefUpdate.Status.REJECTED_OTHER_REASON, status(r, "main"));
        assertEquals(RemoteRefUpdate.Status.OK, status(r, "wip"));
        assertEquals(wip.getId(), ref("refs/heads/wip").getObjectId());
        assertTrue(r.getMessages().contains("-----> Stored wip at " + wip.abbreviate(7).name() + ": not deployed"),
                r.getMessages());
        assertTrue(audit.contains("refs/heads/wip stored") && audit.contains("refs/heads/main deploy failed"), audit.toString());
    }

    @Test
    void aForcePushOfAnOlderCommitIsADeployOfIt() throws Exception {
        RevCommit older = commit("one");
        commit("two");
        push("main:main");
        PushResult r = push("+" + older.name() + ":refs/heads/main");
        assertEquals(RemoteRefUpdate.Status.OK, status(r, "main"));
        assertEquals(older.getId(), main());
        assertEquals(older.name(), queue.enqueued.get(1));
    }

    @Test
    void deletingMainIsRefusedAndBuildsNothing() throws Exception {
        RevCommit c = commit("one");
        push("main:main");
        PushResult r = push(":refs/heads/main");
        RemoteRefUpdate main = r.getRemoteUpdate("refs/heads/main");
        assertEquals(RemoteRefUpdate.Status.REJECTED_OTHER_REASON, main.getStatus());
        assertTrue(main.getMessage().startsWith("the deploy branch cannot be deleted") && main.getMessage()
                .contains("apps:destroy blog"), main.getMessage());
        assertEquals(c.getId(), main());
        assertEquals(1, queue.enqueued.size());
    }

    @Test
    void aPushOfTheCommitMainAlreadyNamesBuildsNothingAndIsOk() throws Exception {
        RevCommit first = commit("one");
        RevCommit second = commit("two");
        push("main:main");
        advertiseMainAt = first.getId();
        PushResult r = push("main:main");
        assertEquals(RemoteRefUpdate.Status.OK, status(r, "main"));
        assertTrue(r.getMessages().contains("Nothing to deploy: main is already at " + second.abbreviate(7).name()),
                r.getMessages());
        assertEquals(1, queue.enqueued.size(), "no second build");
        assertEquals(second.getId(), main());
    }

    @Test
    void theReasonIsOneLineUpToTheAdvice() {
        assertEquals("release v2 web.1 did not become healthy; v1 keeps serving", DeployHook.reason(
                "release v2 web.1 did not become healthy; v1 keeps serving. Make the app answer HTTP on $PORT", 7));
        assertEquals("no way to build this app: add a Dockerfile at the top of the repository", DeployHook.reason(
                "no way to build this app: add a Dockerfile at the top of the repository. Supported: Dockerfile", 7));
        assertEquals("app.json is not valid JSON (x): fix it", DeployHook.reason("app.json is not valid\nJSON (x): fix it", 7));
        assertEquals("build 7 did not go live (its output is above)", DeployHook.reason(null, 7));
        assertEquals("boom ok refs/heads/evil", DeployHook.reason("boom\r\nok refs/heads/evil", 7),
                "a Dockerfile step in the reason cannot add a line to git's status report");
        String longOne = DeployHook.reason("x".repeat(500), 7);
        assertEquals(200, longOne.length());
        assertTrue(longOne.endsWith("..."));
    }

    private RevCommit commit(String message) throws Exception {
        return client.commit().setAllowEmpty(true).setMessage(message).setAuthor("Test", "test@example.com")
                .setCommitter("Test", "test@example.com").call();
    }

    private PushResult push(String... specs) throws Exception {
        List<RefSpec> refSpecs = new ArrayList<>();
        for (String s : specs) refSpecs.add(new RefSpec(s));
        return client.push().setRemote(uri.toString()).setRefSpecs(refSpecs).call().iterator().next();
    }

    private static RemoteRefUpdate.Status status(PushResult r, String branch) {
        return r.getRemoteUpdate("refs/heads/" + branch).getStatus();
    }

    private ObjectId main() throws IOException {
        Ref ref = ref(DeployHook.DEPLOY_REF);
        return ref == null ? null : ref.getObjectId();
    }

    private boolean exists(String name) {
        try {
            return ref(name) != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Ref ref(String name) throws IOException {
        return server.exactRef(name);
    }

    /** A queue whose builds end at once: live (then main moves, as the build pipeline moves it) or failed. */
    private static final class Queue implements Deployments {
        final List<String> enqueued = new ArrayList<>();
        private final Repository repo;
        String failWith;
        Runnable onEnqueue = () -> { };

        Queue(Repository repo) {
            this.repo = repo;
        }

        @Override
        public long enqueue(String app, String sha, String ref, String user) {
            onEnqueue.run();
            enqueued.add(sha);
            if (failWith == null) moveMain(sha);
            return enqueued.size();
        }

        private void moveMain(String sha) {
            try {
                RefUpdate u = repo.updateRef(DeployHook.DEPLOY_REF);
                u.setNewObjectId(ObjectId.fromString(sha));
                u.setForceUpdate(true);
                u.update();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public int ahead(long buildId) {
            return 0;
        }

        @Override
        public Progress read(long buildId, int from, Duration wait) {
            return failWith == null
                    ? new Progress(List.of("-----> Live"), true, true, null)
                    : new Progress(List.of(" !     " + failWith), true, false, failWith);
        }
    }
}
