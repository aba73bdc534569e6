package hiy.repos;

import hiy.host.GitDirs;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A repository elsewhere that an app deploys from (its GitHub webhook): which URLs may be used, and fetching one
 * commit of it into the app's own repository.
 */
public final class RemoteRepository {
    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9._/-]{1,100}");
    /** How long one fetch may take before it is given up. */
    private static final int TIMEOUT_SECONDS = 120;

    private RemoteRepository() { }

    /**
     * Everyone may link an https:// repository. file:// and http:// reach what HIY itself can reach (another app's
     * repository, a loopback service), so only admins, who may read all of that anyway, may use them.
     */
    public static String checkUrl(String url, boolean admin) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new IllegalArgumentException("\"" + url + "\" is not a URL; use the repository's https:// clone URL,"
                    + " e.g. https://github.com/OWNER/REPO.git");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean remote = scheme.equals("https") && uri.getHost() != null && uri.getUserInfo() == null;
        boolean local = admin && ((scheme.equals("file") && uri.getPath() != null)
                || (scheme.equals("http") && uri.getHost() != null && uri.getUserInfo() == null));
        if (!remote && !local) {
            throw new IllegalArgumentException("\"" + url + "\" cannot be linked: use the repository's https:// clone URL"
                    + " without a user or password in it, e.g. https://github.com/OWNER/REPO.git"
                    + (admin ? " (or, as an admin, a file:// or http:// URL)" : ""));
        }
        return url;
    }

    public static String checkBranch(String branch) {
        if (!BRANCH.matcher(branch).matches() || branch.contains("..") || branch.startsWith("/") || branch.endsWith("/")
                || branch.startsWith("-") || branch.endsWith(".lock")) {
            throw new IllegalArgumentException("\"" + branch + "\" is not a branch name; use one such as main");
        }
        return branch;
    }

    /**
     * Fetches the branch of the repository at url into gitDir (as refs/hiy/webhook/BRANCH, never the deploy branch:
     * only a build that went live moves that) and checks that the commit came with it.
     */
    public static void fetch(Path gitDir, String url, String branch, String sha) throws IOException {
        try (Repository repo = GitDirs.open(gitDir);
             Git git = Git.wrap(repo)) {
            git.fetch().setRemote(url).setTimeout(TIMEOUT_SECONDS)
                    .setRefSpecs(List.of(new RefSpec("+refs/heads/" + branch + ":refs/hiy/webhook/" + branch)))
                    .call();
            try (RevWalk walk = new RevWalk(repo)) {
                if (!(walk.parseAny(ObjectId.fromString(sha)) instanceof RevCommit)) {
                    throw new IOException(sha + " is not a commit in " + url);
                }
            } catch (org.eclipse.jgit.errors.MissingObjectException e) {
                throw new IOException("the commit " + sha.substring(0, 7) + " was not on " + branch + " of " + url
                        + " (pushed over since?); a later delivery deploys the newer one", e);
            }
        } catch (GitAPIException e) {
            throw new IOException("fetching " + branch + " from " + url + " failed: " + e.getMessage(), e);
        }
    }
}
