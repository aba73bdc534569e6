package hiy.hooks;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PostReceiveHook;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;

import java.io.IOException;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Around a receive. JGit runs pre-receive once the pack is in the repository and before any ref moves, then
 * updates the refs left to it, sends git the status of each ref, and only then runs post-receive.
 * <p>
 * Pre-receive: other branches are stored at once; a push to main is built and released while git holds the
 * connection, streamed as remote: lines. main moves only when that deploy went live, and the build queue moves it
 * (so it also moves when the pusher has left); JGit never writes main. A deploy that did not go live rejects the
 * ref with the reason, so git push exits non-zero and main stays at the commit that serves.
 * Post-receive: every ref of the push goes to the audit log with how it ended.
 */
public final class DeployHook implements PreReceiveHook, PostReceiveHook {
    public static final String DEPLOY_BRANCH = "main";
    public static final String DEPLOY_REF = Constants.R_HEADS + DEPLOY_BRANCH;
    /** Git prints "! [remote rejected] main -> main (deploy failed: REASON)". */
    static final String DEPLOY_FAILED = "deploy failed: ";
    /** The reason stays one short line on the ref; the full message is already above it. */
    private static final int MAX_REASON = 200;
    private static final Pattern NEXT_SENTENCE = Pattern.compile("\\. (?=\\p{Lu})");

    /** Where each received ref is recorded (the audit log), with how its deploy ended. */
    @FunctionalInterface
    public interface PushRecord {
        PushRecord NULL = (ref, sha, outcome) -> { };

        void pushed(String ref, String sha, String outcome);
    }

    private final Deployments deployments;
    private final String app;
    private final String user;
    private final PushRecord record;
    /** How the push to main ended, for the audit log; null when main was not pushed or git refused it first. */
    private String deployOutcome;

    public DeployHook(Deployments deployments, String app, String user, PushRecord record) {
        this.deployments = deployments;
        this.app = app;
        this.user = user;
        this.record = record;
    }

    public void install(ReceivePack pack) {
        pack.setPreReceiveHook(this);
        pack.setPostReceiveHook(this);
    }

    @Override
    public void onPreReceive(ReceivePack pack, Collection<ReceiveCommand> commands) {
        PushOutput out = new PushOutput(pack);
        ReceiveCommand main = null;
        for (ReceiveCommand c : commands) {
            if (DEPLOY_REF.equals(c.getRefName())) main = c;
            else store(pack, out, c);
        }
        if (main != null) deployOutcome = deploy(pack, out, main);
    }

    /** Any branch but main is stored as pushed, before main's build starts. */
    private static void store(ReceivePack pack, PushOutput out, ReceiveCommand c) {
        c.execute(pack);
        if (c.getResult() == ReceiveCommand.Result.OK && c.getType() != ReceiveCommand.Type.DELETE) {
            out.step("Stored " + Repository.shortenRefName(c.getRefName()) + " at " + sha7(c.getNewId())
                    + ": not deployed, only " + DEPLOY_BRANCH + " deploys (git push hiy BRANCH:main to deploy it)");
        }
    }

    /** Settles main's command (OK only once the commit is live) and returns how it ended, as the audit log words it. */
    private String deploy(ReceivePack pack, PushOutput out, ReceiveCommand c) {
        if (c.getType() == ReceiveCommand.Type.DELETE) {
            return refuse(c, "the deploy branch cannot be deleted, it is what runs; to remove the app: ssh hiy@HOST apps:destroy " + app);
        }
        try {
            if (!(pack.getRevWalk().parseAny(c.getNewId()) instanceof RevCommit)) {
                return refuse(c, DEPLOY_BRANCH + " must point at a commit; push a branch: git push hiy BRANCH:main");
            }
            if (c.getNewId().equals(current(pack.getRepository()))) {
                c.setResult(ReceiveCommand.Result.OK);
                out.step("Nothing to deploy: " + DEPLOY_BRANCH + " is already at " + sha7(c.getNewId())
                        + " (to build it again: ssh hiy@HOST deploy " + app + ")");
                return "already at this commit";
            }
        } catch (IOException e) {
            return refuse(c, "HIY cannot read the pushed commit " + sha7(c.getNewId()) + ": " + e.getMessage()
                    + "; push again");
        }
        out.step("Received " + app + " at " + sha7(c.getNewId()) + " (" + DEPLOY_BRANCH + ")");
        long id = deployments.enqueue(app, c.getNewId().name(), DEPLOY_REF, user);
        BuildFollower.Ending end = BuildFollower.follow(deployments, id, out::line, out::gone);
        return switch (end.outcome()) {
            case SUCCEEDED -> {
                c.setResult(ReceiveCommand.Result.OK);
                yield "deployed";
            }
            case FAILED -> {
                refuse(c, DEPLOY_FAILED + reason(end.failure(), id));
                yield "deploy failed";
            }
            case READER_LEFT -> {
                refuse(c, "pusher disconnected; build " + id + " carries on and moves " + DEPLOY_BRANCH + " if it goes live");
                yield "pusher disconnected; build " + id + " carries on";
            }
            case INTERRUPTED -> {
                refuse(c, "HIY stopped before build " + id + " went live; push again once it is back");
                yield "interrupted";
            }
        };
    }

    @Override
    public void onPostReceive(ReceivePack pack, Collection<ReceiveCommand> ok) {
        for (ReceiveCommand c : pack.getAllCommands()) {
            boolean deleted = c.getType() == ReceiveCommand.Type.DELETE;
            String sha = sha7(deleted ? c.getOldId() : c.getNewId());
            record.pushed(c.getRefName(), sha, outcome(c, deleted));
        }
    }

    private String outcome(ReceiveCommand c, boolean deleted) {
        if (DEPLOY_REF.equals(c.getRefName()) && deployOutcome != null) return deployOutcome;
        return switch (c.getResult()) {
            case OK -> deleted ? "deleted" : "stored";
            case NOT_ATTEMPTED -> "not received";
            default -> "refused: " + (c.getMessage() == null ? c.getResult().name().toLowerCase() : c.getMessage());
        };
    }

    private static String refuse(ReceiveCommand c, String why) {
        c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, why);
        return "refused: " + why;
    }

    private static ObjectId current(Repository repo) throws IOException {
        Ref ref = repo.exactRef(DEPLOY_REF);
        return ref == null ? null : ref.getObjectId();
    }

    /**
     * What git prints on the rejected ref: the failure on one line, up to the advice that follows it (a new sentence),
     * which was streamed just above.
     */
    static String reason(String failure, long buildId) {
        if (failure == null || failure.isBlank()) return "build " + buildId + " did not go live (its output is above)";
        String text = failure.strip().replaceAll("\\s+", " ");
        Matcher advice = NEXT_SENTENCE.matcher(text);
        if (advice.find()) text = text.substring(0, advice.start());
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 3) + "...";
    }

    private static String sha7(ObjectId id) {
        return id.abbreviate(7).name();
    }
}
