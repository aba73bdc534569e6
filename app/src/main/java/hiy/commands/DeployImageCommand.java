package hiy.commands;

import hiy.build.BuildException;
import hiy.build.BuildQueue;
import hiy.build.BuildStrategies;
import hiy.repos.AppRepositories;
import hiy.store.Builders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "deploy:image", mixinStandardHelpOptions = true,
        description = "Release a prebuilt image (from the box's Podman store, else pulled from its registry) through"
                + " the health gate, without a build; the app's pushes release it from then on.",
        footer = {"", "Example: ssh hiy@box deploy:image blog docker.io/library/nginx:1.27",
                "The Procfile, app.json and config of the app's main branch still apply. Back to building pushes:"
                        + " ssh hiy@box builder:set blog auto",
                "Exit status: 0 live, 1 unknown app, nothing pushed yet, a name that is no image reference, or the"
                        + " pull or the release failed."})
final class DeployImageCommand extends DeployCommand {
    private final Builders builders;

    @Parameters(index = "1", paramLabel = "IMAGE")
    String image;

    private String setting;
    private Builders.Choice before;

    DeployImageCommand(BuildQueue queue, AppRepositories repositories, Builders builders) {
        super(queue, repositories);
        this.builders = builders;
    }

    /** A release that failed puts the builder back as it was, so the next push builds as before. */
    @Override
    protected int execute() throws UserError, java.io.IOException, InterruptedException {
        int status = super.execute();
        if (status != OK && before != null) {
            builders.put(name, before);
            out().println(style.step("The builder of " + name + " is back to " + before.builder()
                    + (before.setting() == null ? "" : " " + before.setting()) + "; nothing else changed"));
        }
        return status;
    }

    /** Checked before anything changes; the app's builder becomes image ref=IMAGE only once its commit is known. */
    @Override
    protected void beforeDeploy() throws UserError {
        try {
            setting = BuildStrategies.checkSetting("image", "ref", image);
        } catch (BuildException e) {
            throw new UserError(e.getMessage().replace("ref=", ""));
        }
        before = builders.of(name);
        builders.put(name, new Builders.Choice("image", setting));
        out().println(style.step(name + " now releases image " + setting + " at each push and deploy (back to"
                + " building: ssh " + hostHint() + " builder:set " + name + " auto)"));
    }

    @Override protected String auditAction() {
        return "deploy:image " + name + " " + image + (outcome() == null ? "" : ": " + outcome());
    }
}
