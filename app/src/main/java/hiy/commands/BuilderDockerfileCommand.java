package hiy.commands;

import hiy.build.BuildException;
import hiy.build.BuildStrategies;
import hiy.config.Settings;
import hiy.hooks.DeployHook;
import hiy.repos.AppRepositories;
import hiy.sshd.TerminalText;
import hiy.store.Builders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.Optional;

@Command(name = "builder:dockerfile", mixinStandardHelpOptions = true,
        description = "Print the Dockerfile HIY writes for the newest pushed commit (node, static), to take it over"
                + " as the repository's own.",
        footer = {"", "Example: ssh hiy@box builder:dockerfile blog > Dockerfile",
                "Exit status: 0, 1 unknown app, nothing pushed, or a builder that writes no Dockerfile."})
final class BuilderDockerfileCommand extends HiyCommand {
    private final Settings settings;
    private final Builders builders;
    private final BuildStrategies strategies;
    private final AppRepositories repositories;

    @Parameters(paramLabel = "APP")
    String name;

    BuilderDockerfileCommand(Settings settings, Builders builders, BuildStrategies strategies,
                             AppRepositories repositories) {
        this.settings = settings;
        this.builders = builders;
        this.strategies = strategies;
        this.repositories = repositories;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        Optional<String> dockerfile;
        try {
            dockerfile = strategies.dockerfileForBranch(repositories.repoDir(name),
                    DeployHook.DEPLOY_BRANCH, settings.maxContextBytes(), builders.of(name),
                    line -> context.err().println(TerminalText.escape(line)));
        } catch (BuildException e) {
            throw new UserError(TerminalText.escape(e.getMessage()));
        } catch (IOException e) {
            throw new UserError("cannot read the repository of " + name + ": " + e.getMessage());
        }
        out().print(dockerfile.orElseThrow(() -> new UserError(name + " has nothing on " + DeployHook.DEPLOY_BRANCH
                + " yet; push it first: " + pushCommand(name))));
        return OK;
    }
}
