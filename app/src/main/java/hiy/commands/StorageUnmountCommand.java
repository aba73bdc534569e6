package hiy.commands;

import hiy.runtime.ContainerRuntime;
import hiy.runtime.RuntimeFailure;
import hiy.runtime.VolumeMount;
import hiy.store.Volumes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "storage:unmount", mixinStandardHelpOptions = true,
        description = "Stop mounting a volume into the app's processes (the app restarts without it, health-gated)."
                + " Its files are kept unless --delete is given.",
        footer = {"", "Example: ssh hiy@box storage:unmount blog data",
                "         ssh hiy@box storage:unmount blog data --delete --confirm blog   (its files too, for good)",
                "Exit status: 0, 1 unknown app or volume, --delete without the right --confirm, or the restarted app"
                        + " did not get healthy."})
final class StorageUnmountCommand extends HiyCommand {
    private final Volumes volumes;
    private final ContainerRuntime runtime;
    private final ShapeChange shapeChange;

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1", paramLabel = "NAME")
    String volume;

    @Option(names = "--delete", description = "delete the volume and every file in it too")
    boolean delete;

    @Option(names = "--confirm", paramLabel = "APP", description = "with --delete: the app's name again")
    String confirm;

    StorageUnmountCommand(Volumes volumes, ContainerRuntime runtime, ShapeChange shapeChange) {
        this.volumes = volumes;
        this.runtime = runtime;
        this.shapeChange = shapeChange;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        try {
            VolumeMount.checkName(volume);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        Volumes.Volume v = volumes.find(name, volume).orElseThrow(() -> new UserError(name
                + " has no volume " + volume + "; see: ssh " + hostHint() + " storage " + name));
        if (delete && !name.equals(confirm)) {
            throw new UserError("this deletes volume " + volume + " of " + name + " and every file in it for good; to"
                    + " go ahead run: ssh " + hostHint() + " storage:unmount " + name + " " + volume
                    + " --delete --confirm " + name);
        }
        if (v.mounted()) {
            int status = shapeChange.apply(this, name, () -> volumes.unmount(name, volume),
                    "Unmounted volume " + volume + " from " + v.path() + " in " + name);
            if (status != OK) return status;
        }
        if (!delete) {
            out().println("Its files are kept; mount it again with: ssh " + hostHint() + " storage:mount " + name
                    + " " + volume + ":" + (v.mounted() ? v.path() : "/PATH"));
            return OK;
        }
        try {
            runtime.removeVolume(name, volume);
        } catch (RuntimeFailure e) {
            throw new UserError(e.getMessage());
        }
        volumes.forget(name, volume);
        out().println(style.step("Deleted volume " + volume + " of " + name + " and its files"));
        return OK;
    }

    @Override protected String auditAction() { return "storage:unmount " + name + " " + volume + (delete ? " --delete" : ""); }
    @Override protected String auditApp() { return name; }
}
