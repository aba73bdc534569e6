package hiy.commands;

import hiy.build.BuildException;
import hiy.build.BuildStrategies;
import hiy.hooks.DeployHook;
import hiy.sshd.TerminalText;
import hiy.store.Builders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;

@Command(name = "builder", mixinStandardHelpOptions = true,
        description = "Show how the app is built: the builder it chose (auto unless set) and what that picks for the"
                + " newest pushed commit, with why.",
        footer = {"", "Example: ssh hiy@box builder blog", "Exit status: 0, 1 unknown app."})
final class BuilderCommand extends HiyCommand {
    @Parameters(paramLabel = "APP")
    String name;

    @Override
    protected int execute() throws UserError {
        app(name);
        show(hiy, out(), name);
        return OK;
    }

    static void show(Services hiy, PrintStream out, String app) {
        Builders.Choice choice = hiy.builders().of(app);
        out.println("builder   " + choice.builder() + (choice.setting() == null ? "" : " " + setting(choice))
                + (choice.auto() ? " (default: HIY picks from the pushed files)" : " (builder:set)"));
        // The reason can name a file of the pushed tree, whose name the pusher chose.
        out.println("builds    " + TerminalText.escape(decision(hiy, app, choice)));
    }

    private static String setting(Builders.Choice choice) {
        return (choice.builder().equals("image") ? "ref=" : "path=") + choice.setting();
    }

    private static String decision(Services hiy, String app, Builders.Choice choice) {
        try {
            Optional<BuildStrategies.Decision> d = hiy.strategies().decideForBranch(hiy.repositories().repoDir(app),
                    DeployHook.DEPLOY_BRANCH, hiy.settings().maxContextBytes(), choice);
            return d.map(x -> "with " + x.strategy().name() + " (" + x.reason() + ") at the newest "
                    + DeployHook.DEPLOY_BRANCH).orElse("nothing pushed to " + DeployHook.DEPLOY_BRANCH + " yet");
        } catch (BuildException e) {
            return "cannot build the newest " + DeployHook.DEPLOY_BRANCH + ": " + e.getMessage();
        } catch (IOException e) {
            return "cannot read the repository: " + e.getMessage();
        }
    }
}
