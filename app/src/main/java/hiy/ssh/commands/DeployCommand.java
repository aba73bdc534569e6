package hiy.ssh.commands;

import hiy.hooks.DeployHook;
import hiy.hooks.Deployments;
import hiy.build.LineSink;
import hiy.store.Apps;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.time.Duration;

@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Build the app's main branch again and release it, as a push would (no new commit needed).",
        footer = {"", "Example: ssh hiy@box deploy blog",
                "Exit status: 0 live, 1 unknown app, nothing pushed yet, or the build or its release failed."})
final class DeployCommand extends HiyCommand {
    private static final String MAIN = Constants.R_HEADS + DeployHook.DEPLOY_BRANCH;
    /** Like a push: a quiet line at least this often, so idle timeouts do not cut a long build. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    @Parameters(paramLabel = "APP")
    String name;

    private String outcome;

    @Override
    protected int execute() throws UserError, IOException, InterruptedException {
        Apps.App app = app(name);
        String sha = mainSha();
        out().println(style.step("Deploying " + name + " at " + Releasing.sha7(sha) + " (" + DeployHook.DEPLOY_BRANCH + ")"));
        long id = hiy.queue().enqueue(name, sha, MAIN, "deploy", who().user());
        int ahead = hiy.queue().ahead(id);
        if (ahead > 0) out().println(style.step("Queued behind " + ahead + " build" + (ahead == 1 ? "" : "s")));
        LineSink progress = progress(app.name());
        long start = System.nanoTime();
        int read = 0;
        while (true) {
            Deployments.Progress p = hiy.queue().read(id, read, HEARTBEAT);
            read += p.lines().size();
            p.lines().forEach(progress::line);
            if (p.finished()) {
                outcome = p.succeeded() ? "deployed" : "deploy failed";
                return p.succeeded() ? OK : 1;
            }
            if (p.lines().isEmpty()) {
                out().println("       … still working (" + (System.nanoTime() - start) / 1_000_000_000 + " s)");
            }
            if (out().checkError()) {
                outcome = "caller disconnected; build " + id + " carries on";
                return OK;
            }
        }
    }

    private String mainSha() throws UserError, IOException {
        try (Repository repo = new FileRepositoryBuilder().setGitDir(hiy.repositories().repoDir(name).toFile())
                .setMustExist(true).build()) {
            Ref main = repo.exactRef(MAIN);
            if (main == null || main.getObjectId() == null) throw nothingPushed();
            return main.getObjectId().name();
        } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
            throw nothingPushed();
        }
    }

    private UserError nothingPushed() {
        return new UserError(name + " has nothing on " + DeployHook.DEPLOY_BRANCH + " to deploy yet; push it first: git push ssh://"
                + hostHint().replace(" -p ", ":") + "/" + name + " " + DeployHook.DEPLOY_BRANCH);
    }

    @Override protected String auditAction() { return "deploy " + name + (outcome == null ? "" : ": " + outcome); }
    @Override protected String auditApp() { return name; }
}
