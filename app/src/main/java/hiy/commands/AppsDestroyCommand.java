package hiy.commands;

import hiy.release.Teardown;
import hiy.store.Apps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "apps:destroy", mixinStandardHelpOptions = true,
        description = "Delete an app: its containers, route, images, repository, config and history (admins). Its"
                + " volumes and their data are kept unless --volumes is given.",
        footer = {"", "Example: ssh hiy@box apps:destroy blog --confirm blog",
                "         ssh hiy@box apps:destroy blog --volumes --confirm blog   (its volumes' data too)",
                "A kept volume is mounted again only by an admin: storage:mount APP NAME:/path --reuse on a new app"
                        + " of the same name.",
                "Exit status: 0 destroyed, 1 without the right --confirm, unknown app, or not an admin."})
// Admins only: AppLifecycle holds that rule for this command and the API alike, so it is not @AdminOnly here.
final class AppsDestroyCommand extends HiyCommand {
    private final AppLifecycle lifecycle;

    @Parameters(paramLabel = "APP")
    String name;

    @Option(names = "--confirm", paramLabel = "APP", description = "the app's name again: nothing is deleted without it")
    String confirm;

    @Option(names = "--volumes", description = "delete the app's volumes and their data too; without it they are kept")
    boolean volumes;

    AppsDestroyCommand(AppLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    protected int execute() throws Exception {
        Apps.App app = lifecycle.checkDestroy(who(), name, confirm, volumes, "run: ssh " + hostHint()
                + " apps:destroy " + name + (volumes ? " --volumes" : "") + " --confirm " + name, "--volumes");
        Teardown.Destroyed gone = lifecycle.destroy(app, volumes);
        out().println("Destroyed " + name + ": " + gone.containers() + " container(s), " + gone.images()
                + " image(s), its route, repository, config, domains and history"
                + (gone.volumes().isEmpty() ? "." : volumes ? ", and its volume(s) " + String.join(", ", gone.volumes()) + " with their data."
                : ". Kept its volume(s) " + String.join(", ", gone.volumes()) + " with their data: an admin can mount"
                + " them on a new app " + name + " with storage:mount " + name + " NAME:/path --reuse."));
        return OK;
    }

    @Override protected String auditAction() { return "apps:destroy " + name + (volumes ? " --volumes" : ""); }
    @Override protected String auditApp() { return name; }
}
