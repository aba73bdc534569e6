package hiy.repos;

import hiy.hooks.DeployHook;
import hiy.hooks.Deployments;
import hiy.host.GitDirs;
import hiy.release.Slots;
import hiy.routing.RouteTable;
import hiy.routing.RoutingFailure;
import hiy.sshd.AppName;
import hiy.sshd.GitAccessDenied;
import hiy.sshd.GitRepositories;
import hiy.sshd.Identity;
import hiy.store.Access;
import hiy.store.Apps;
import hiy.store.Audit;
import hiy.store.DataDir;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Bare repositories at repos/APP.git; an admin's first push to a new name creates the app. */
public final class AppRepositories implements GitRepositories {
    private static final Logger LOG = LoggerFactory.getLogger(AppRepositories.class);
    private final Path reposDir;
    private final Apps apps;
    private final Access access;
    private final Deployments deployments;
    private final Audit audit;
    private final RouteTable routes;
    private final int slotsPerApp;
    private final long maxPushBytes;
    private volatile Runnable pushStarts = () -> { };

    public AppRepositories(Path reposDir, Apps apps, Access access, Deployments deployments, Audit audit,
                           RouteTable routes, int slotsPerApp, long maxPushBytes) {
        this.maxPushBytes = maxPushBytes;
        this.routes = routes;
        this.slotsPerApp = slotsPerApp;
        this.reposDir = reposDir;
        this.apps = apps;
        this.access = access;
        this.deployments = deployments;
        this.audit = audit;
    }

    @Override
    public Repository forPush(Identity who, String app, String clientAddress) throws GitAccessDenied {
        boolean exists = apps.find(app).isPresent();
        if (exists ? !access.mayUse(who, app) : !who.admin()) {
            audit.record(who.user(), who.fingerprint(), clientAddress, "push", app, "refused: no access");
            throw noSuchApp(app);
        }
        if (!exists) {
            try {
                create(app, who.user());
            } catch (IllegalArgumentException e) {
                audit.record(who.user(), who.fingerprint(), clientAddress, "push", app, "refused: reserved name");
                throw new GitAccessDenied(e.getMessage());
            }
        }
        return open(app);
    }

    @Override
    public Repository forFetch(Identity who, String app) throws GitAccessDenied {
        if (apps.find(app).isEmpty() || !access.mayUse(who, app)) throw noSuchApp(app);
        return open(app);
    }

    @Override
    public long maxPushBytes() {
        return maxPushBytes;
    }

    /** Told when a push starts, before its pack arrives (say, to have the container engine ready by the build). */
    public void onPushStart(Runnable listener) {
        this.pushStarts = listener;
    }

    @Override
    public void prepare(ReceivePack pack, Identity who, String app, String clientAddress) {
        pushStarts.run();
        new DeployHook(deployments, app, who.user(), (ref, sha, outcome) -> audit.record(who.user(), who.fingerprint(),
                clientAddress, "push " + Repository.shortenRefName(ref) + " " + sha, app, outcome)).install(pack);
    }

    /** Deletes the app's repository (apps:destroy). */
    public void deleteRepo(String app) throws IOException {
        DataDir.deleteTree(repoDir(app));
    }

    /** Moves the app's repository to the new name's place (apps:rename); one there already is refused. */
    public void moveRepo(String from, String to) throws IOException {
        Files.move(repoDir(from), repoDir(to), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Creates the app record, its slots, its empty bare repository and its (not yet running) route; refuses a name
     * {@link AppName#validateNew} refuses (IllegalArgumentException with the message for the user).
     */
    public synchronized void create(String app, String user) {
        if (apps.find(app).isPresent()) return;
        AppName.validateNew(app);
        try {
            Path dir = repoDir(app);
            if (!Files.exists(dir)) {
                Git.init().setBare(true).setInitialBranch(DeployHook.DEPLOY_BRANCH).setGitDir(dir.toFile()).call().close();
            }
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot create the repository of " + app + ": " + e.getMessage(), e);
        }
        apps.create(app, Arrays.stream(Slots.pick(apps.usedSlots(), slotsPerApp)).boxed().toList(), user);
        try {
            routes.apply();
        } catch (RoutingFailure e) {
            // The supervisor applies the routes again within seconds; the app exists either way.
            LOG.warn("route of new app {} not applied yet: {}", app, e.getMessage());
        }
    }

    /** The commit the app's deploy branch points at; empty when nothing was pushed there yet. */
    public Optional<String> deployBranchSha(String app) throws IOException {
        try (Repository repo = GitDirs.open(repoDir(app))) {
            Ref ref = repo.exactRef(Constants.R_HEADS + DeployHook.DEPLOY_BRANCH);
            return ref == null || ref.getObjectId() == null ? Optional.empty()
                    : Optional.of(ref.getObjectId().name());
        } catch (RepositoryNotFoundException e) {
            return Optional.empty();
        }
    }

    public Path repoDir(String app) {
        return reposDir.resolve(app + ".git");
    }

    private Repository open(String app) throws GitAccessDenied {
        try {
            return GitDirs.open(repoDir(app));
        } catch (IOException e) {
            throw new GitAccessDenied("the repository of " + app + " is missing from " + reposDir
                    + "; restore it from a backup or push again after: ssh hiy@HOST apps:destroy " + app);
        }
    }

    private static GitAccessDenied noSuchApp(String app) {
        return new GitAccessDenied("no app named " + app + "; ask an admin to create it or grant you access");
    }
}
