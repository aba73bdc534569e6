package hiy.ssh.commands;

import hiy.runtime.ReleaseSwitch;
import hiy.runtime.SwitchFailure;
import hiy.store.Apps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "apps:destroy", mixinStandardHelpOptions = true,
        description = "Delete an app: its containers, route, images, repository, config and history (admins).",
        footer = {"", "Example: ssh hiy@box apps:destroy blog --confirm blog",
                "Exit status: 0 destroyed, 1 without the right --confirm, unknown app, or not an admin."})
final class AppsDestroyCommand extends HiyCommand {
    @Parameters(paramLabel = "APP")
    String name;

    @Option(names = "--confirm", paramLabel = "APP", description = "the app's name again: nothing is deleted without it")
    String confirm;

    @Override
    protected int execute() throws Exception {
        requireAdmin("destroy apps");
        Apps.App app = app(name);
        if (!name.equals(confirm)) {
            throw new UserError("this deletes " + name + " and all its data for good; to go ahead run: ssh "
                    + hostHint() + " apps:destroy " + name + " --confirm " + name);
        }
        ReleaseSwitch.Destroyed gone;
        try {
            gone = hiy.releaseSwitch().destroy(app.name());
        } catch (SwitchFailure e) {
            throw new UserError("could not destroy " + name + ": " + e.getMessage() + "; run it again");
        }
        hiy.repositories().deleteRepo(name);
        out().println("Destroyed " + name + ": " + gone.containers() + " container(s), " + gone.images()
                + " image(s), its route, repository, config, domains and history.");
        return OK;
    }

    @Override protected String auditAction() { return "apps:destroy " + name; }
    @Override protected String auditApp() { return name; }
}
