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
     * Everyone may link an https:// repository, or one over SSH (ssh://git@host/path or git@host:path, fetched with
     * the webhook's deploy key). file:// and http:// reach what HIY itself can reach (another app's
     * repository, a loopback service), so only admins, who may read all of that anyway, may use them.
     */
    public static String checkUrl(String url, boolean admin) {
        if (isSsh(url) && !url.startsWith("ssh://")) return url;
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new IllegalArgumentException("\"" + url + "\" is not a URL; use the repository's https:// clone URL,"
                    + " e.g. https://github.com/OWNER/REPO.git");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean remote = scheme.equals("https") && uri.getHost() != null && uri.getUserInfo() == null
                || scheme.equals("ssh") && uri.getHost() != null;
        boolean local = admin && ((scheme.equals("file") && uri.getPath() != null)
                || (scheme.equals("http") && uri.getHost() != null && uri.getUserInfo() == null));
        if (!remote && !local) {
            throw new IllegalArgumentException("\"" + url + "\" cannot be linked: use the repository's https:// clone URL"
                    + " without a user or password in it, e.g. https://github.com/OWNER/REPO.git, or its SSH URL for a"
                    + " private one, e.g. git@github.com:OWNER/REPO.git"
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
    public static void fetch(Path gitDir, String url, String branch, String sha, String deployKey) throws IOException {
        try (Repository repo = GitDirs.open(gitDir);
             Git git = Git.wrap(repo);
             DeployKeyTransport ssh = sshFor(url, deployKey, gitDir)) {
            var fetch = git.fetch().setRemote(url).setTimeout(TIMEOUT_SECONDS)
                    .setRefSpecs(List.of(new RefSpec("+refs/heads/" + branch + ":refs/hiy/webhook/" + branch)));
            if (ssh != null) fetch.setTransportConfigCallback(ssh);
            fetch.call();
            try (RevWalk walk = new RevWalk(repo)) {
                if (!(walk.parseAny(ObjectId.fromString(sha)) instanceof RevCommit)) {
                    throw new IOException(sha + " is not a commit in " + url);
                }
            } catch (org.eclipse.jgit.errors.MissingObjectException e) {
                throw new IOException("the commit " + sha.substring(0, 7) + " was not on " + branch + " of " + url
                        + " (pushed over since?); a later delivery deploys the newer one", e);
            }
        } catch (GitAPIException e) {
            String why = e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")");
            if (isSsh(url) && (why.contains("Cannot log in") || why.toLowerCase(Locale.ROOT).contains("auth"))) {
                throw new IOException(url + " refused HIY's deploy key (" + e.getMessage() + "); add the public key that"
                        + " webhooks:set printed to the repository's deploy keys (GitHub: Settings > Deploy keys)", e);
            }
            throw new IOException("fetching " + branch + " from " + url + " failed: " + why, e);
        }
    }

    /** ssh://… or scp-like user@host:path; decided here so that an https:// fetch never loads the SSH transport. */
    static boolean isSsh(String url) {
        return url.startsWith("ssh://") || url.matches("[A-Za-z0-9_][A-Za-z0-9._-]*@[A-Za-z0-9][A-Za-z0-9.-]*:[^/].*");
    }

    /** The SSH transport with the app's deploy key for an SSH URL (null otherwise), its host keys beside the repository. */
    private static DeployKeyTransport sshFor(String url, String deployKey, Path gitDir) throws IOException {
        if (!isSsh(url)) return null;
        if (deployKey == null) {
            throw new IOException("this webhook has no deploy key to fetch " + url + " with; set it again with webhooks:set"
                    + " to make one");
        }
        return new DeployKeyTransport(DeployKey.read(deployKey), gitDir.resolve("hiy-ssh"));
    }
}
