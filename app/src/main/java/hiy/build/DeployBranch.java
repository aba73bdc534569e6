package hiy.build;

import hiy.host.GitDirs;
import hiy.store.Releases.Release;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An app's deploy branch names the commit that serves. Only HIY moves it, never a push: the build queue once a
 * build of it went live, and the start-up reconcile when HIY died between the two.
 */
public final class DeployBranch {
    private DeployBranch() { }

    /**
     * Points ref at the commit of the newest release a build made that served (releases newest first), for a HIY
     * killed between such a release going live and its build moving the ref. Returns that release if the ref moved.
     * An app no build ever made live keeps its ref as it is.
     */
    public static Optional<Release> align(Path gitDir, String ref, List<Release> newestFirst) throws IOException {
        Optional<Release> built = newestFirst.stream().filter(Release::builtAndServed).findFirst();
        if (built.isEmpty() || !moveTo(gitDir, ref, built.get().sha())) return Optional.empty();
        return built;
    }

    /**
     * Points ref at sha (any commit: a force push of an older one is a deploy of it); returns false if it already
     * did. Compare-and-swap against what it named a moment before, so a writer in between is never overwritten.
     */
    public static boolean moveTo(Path gitDir, String ref, String sha) throws IOException {
        try (Repository repo = GitDirs.open(gitDir);
             RevWalk walk = new RevWalk(repo)) {
            Ref now = repo.exactRef(ref);
            ObjectId old = now == null || now.getObjectId() == null ? ObjectId.zeroId() : now.getObjectId();
            ObjectId target = ObjectId.fromString(sha);
            if (old.equals(target)) return false;
            RefUpdate update = repo.updateRef(ref);
            update.setExpectedOldObjectId(old);
            update.setNewObjectId(target);
            update.setForceUpdate(true);
            update.setRefLogMessage("deployed", false);
            RefUpdate.Result result = update.update(walk);
            return switch (result) {
                case NEW, FORCED, FAST_FORWARD -> true;
                case NO_CHANGE -> false;
                default -> throw new IOException("HIY could not point " + Repository.shortenRefName(ref) + " at "
                        + target.abbreviate(7).name() + ", the commit now live (" + result.name().toLowerCase()
                        + "); HIY tries again when it next starts");
            };
        }
    }
}
