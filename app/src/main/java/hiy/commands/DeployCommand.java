package hiy.commands;

import hiy.build.BuildQueue;
import hiy.hooks.BuildFollower;
import hiy.hooks.DeployHook;
import hiy.model.LineSink;
import hiy.repos.AppRepositories;
import hiy.store.Apps;
import org.eclipse.jgit.lib.Constants;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;

@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Build the app's main branch again and release it, as a push would (no new commit needed).",
        footer = {"", "Example: ssh hiy@box deploy blog",
                "Exit status: 0 live, 1 unknown app, nothing pushed yet, or the build or its release failed."})
class DeployCommand extends HiyCommand {
    private static final String MAIN = Constants.R_HEADS + DeployHook.DEPLOY_BRANCH;

    private final BuildQueue queue;
    private final AppRepositories repositories;

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    private String outcome;

    DeployCommand(BuildQueue queue, AppRepositories repositories) {
        this.queue = queue;
        this.repositories = repositories;
    }

    @Override
    protected int execute() throws UserError, IOException, InterruptedException {
        Apps.App app = app(name);
        String sha = mainSha();
        beforeDeploy();
        out().println(style.step("Deploying " + name + " at " + Releasing.sha7(sha) + " (" + DeployHook.DEPLOY_BRANCH + ")"));
        long id = queue.enqueue(name, sha, MAIN, "deploy", who().user());
        LineSink progress = progress(app.name());
        return switch (BuildFollower.follow(queue, id, progress::line, out()::checkError).outcome()) {
            case SUCCEEDED -> done("deployed", OK);
            case FAILED -> done("deploy failed", 1);
            case READER_LEFT -> done("caller disconnected; build " + id + " carries on", OK);
            case INTERRUPTED -> done("interrupted", 2);
        };
    }

    /** What a variant of deploy changes once the app and its commit are known, before the build is queued. */
    protected void beforeDeploy() throws UserError { }

    protected String outcome() {
        return outcome;
    }

    private int done(String outcome, int status) {
        this.outcome = outcome;
        return status;
    }

    private String mainSha() throws UserError, IOException {
        return repositories.deployBranchSha(name).orElseThrow(this::nothingPushed);
    }

    private UserError nothingPushed() {
        return new UserError(name + " has nothing on " + DeployHook.DEPLOY_BRANCH + " to deploy yet; push it first: "
                + pushCommand(name));
    }

    @Override protected String auditAction() { return "deploy " + name + (outcome == null ? "" : ": " + outcome); }
    @Override protected String auditApp() { return name; }
}
