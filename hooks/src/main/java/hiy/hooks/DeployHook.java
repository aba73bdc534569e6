package hiy.hooks;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.transport.PostReceiveHook;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;

import java.util.Collection;

/**
 * Around a receive: refuses what would break the deploy branch, then enqueues a build for a push to main
 * and streams that build's progress to the pusher while git still holds the connection.
 */
public final class DeployHook implements PreReceiveHook, PostReceiveHook {
    public static final String DEPLOY_BRANCH = "main";
    static final String DEPLOY_REF = Constants.R_HEADS + DEPLOY_BRANCH;

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
        for (ReceiveCommand c : commands) {
            if (c.getType() == ReceiveCommand.Type.DELETE && DEPLOY_REF.equals(c.getRefName())) {
                c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON,
                        "the deploy branch cannot be deleted; to remove the app run: ssh hiy@HOST apps:destroy " + app);
            }
        }
    }

    @Override
    public void onPostReceive(ReceivePack pack, Collection<ReceiveCommand> commands) {
        PushOutput out = new PushOutput(pack);
        for (ReceiveCommand c : commands) {
            if (c.getResult() != ReceiveCommand.Result.OK) continue;
            String sha = c.getNewId().abbreviate(7).name();
            if (DEPLOY_REF.equals(c.getRefName())) {
                out.step("Received " + app + " at " + sha + " (" + DEPLOY_BRANCH + ")");
                record.pushed(c.getRefName(), sha, deploy(out, c.getNewId().name()));
            } else if (c.getType() != ReceiveCommand.Type.DELETE) {
                out.step("Stored " + org.eclipse.jgit.lib.Repository.shortenRefName(c.getRefName()) + " at " + sha
                        + ": not deployed, only " + DEPLOY_BRANCH + " deploys (git push hiy BRANCH:main to deploy it)");
                record.pushed(c.getRefName(), sha, "stored");
            } else {
                record.pushed(c.getRefName(), sha, "deleted");
            }
        }
    }

    /** Returns how the deploy ended, as the audit log words it. */
    private String deploy(PushOutput out, String sha) {
        long id = deployments.enqueue(app, sha, DEPLOY_REF, user);
        return switch (BuildFollower.follow(deployments, id, out::line, out::gone)) {
            case SUCCEEDED -> "deployed";
            case FAILED -> "deploy failed";
            case READER_LEFT -> "pusher disconnected; build " + id + " carries on";
            case INTERRUPTED -> "interrupted";
        };
    }

}
