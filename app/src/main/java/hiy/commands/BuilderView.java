package hiy.commands;

import hiy.build.BuildException;
import hiy.build.BuildStrategies;
import hiy.hooks.DeployHook;
import hiy.repos.AppRepositories;
import hiy.sshd.TerminalText;
import hiy.store.Builders;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;

/** What `builder` shows and builder:set repeats: the builder an app chose, and what it picks for the newest push. */
final class BuilderView {
    private final Builders builders;
    private final BuildStrategies strategies;
    private final AppRepositories repositories;
    private final long maxContextBytes;

    BuilderView(Builders builders, BuildStrategies strategies, AppRepositories repositories, long maxContextBytes) {
        this.builders = builders;
        this.strategies = strategies;
        this.repositories = repositories;
        this.maxContextBytes = maxContextBytes;
    }

    void show(PrintStream out, String app) {
        Builders.Choice choice = builders.of(app);
        out.println("builder   " + choice.builder() + (choice.setting() == null ? "" : " " + setting(choice))
                + (choice.auto() ? " (default: HIY picks from the pushed files)" : " (builder:set)"));
        // The reason can name a file of the pushed tree, whose name the pusher chose.
        out.println("builds    " + TerminalText.escape(decision(app, choice)));
    }

    private static String setting(Builders.Choice choice) {
        return (choice.builder().equals("image") ? "ref=" : "path=") + choice.setting();
    }

    private String decision(String app, Builders.Choice choice) {
        try {
            Optional<BuildStrategies.Decision> d = strategies.decideForBranch(repositories.repoDir(app),
                    DeployHook.DEPLOY_BRANCH, maxContextBytes, choice);
            return d.map(x -> "with " + x.strategy().name() + " (" + x.reason() + ") at the newest "
                    + DeployHook.DEPLOY_BRANCH).orElse("nothing pushed to " + DeployHook.DEPLOY_BRANCH + " yet");
        } catch (BuildException e) {
            return "cannot build the newest " + DeployHook.DEPLOY_BRANCH + ": " + e.getMessage();
        } catch (IOException e) {
            return "cannot read the repository: " + e.getMessage();
        }
    }
}
