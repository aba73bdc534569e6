package hiy.commands;

import hiy.runtime.ContainerRuntime;
import hiy.runtime.RuntimeFailure;
import hiy.runtime.VolumeMount;
import hiy.store.Volumes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Optional;

@Command(name = "storage:mount", mixinStandardHelpOptions = true,
        description = "Mount a named volume into every process of the app (web, workers, release:, run); its files"
                + " outlive deploys, restarts, rollbacks and HIY restarts. The app restarts with it, health-gated.",
        footer = {"", "Example: ssh hiy@box storage:mount blog data:/data",
                "         ssh hiy@box storage:mount blog db:/var/lib/blog --exclusive   (one release at a time: SQLite)",
                "NAME: 1 to 30 of a-z 0-9 _, starting with a letter. PATH: absolute, plain folder names, not /, not on"
                        + " or under /proc /sys /dev /run, not on /etc /usr /var … themselves.",
                "By default the old and the new release both mount the volume during a switch, as Heroku and Dokku"
                        + " do. --exclusive stops the old release before the new one starts: a short gap at each deploy.",
                "Exit status: 0, 1 bad name or path, unknown app, or the restarted app did not get healthy."})
final class StorageMountCommand extends HiyCommand {
    private final Volumes volumes;
    private final ContainerRuntime runtime;
    private final ShapeChange shapeChange;

    static final int MAX_VOLUMES = 10;

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1", paramLabel = "NAME:/PATH")
    String mount;

    @Option(names = "--exclusive", description = "only one release mounts it at a time (the old one stops before the new one starts)")
    boolean exclusive;

    @Option(names = "--reuse", description = "admins: mount the volume kept from a destroyed app of the same name, with its data")
    boolean reuse;

    private VolumeMount wanted;

    StorageMountCommand(Volumes volumes, ContainerRuntime runtime, ShapeChange shapeChange) {
        this.volumes = volumes;
        this.runtime = runtime;
        this.shapeChange = shapeChange;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        wanted = parse(mount);
        Optional<Volumes.Volume> known = volumes.find(name, wanted.name());
        for (Volumes.Volume other : volumes.of(name)) {
            if (other.name().equals(wanted.name()) || !other.mounted()) continue;
            if (nested(other.path(), wanted.path())) {
                throw new UserError("volume " + other.name() + " is mounted at " + other.path() + ", which overlaps "
                        + wanted.path() + "; choose a path beside it, or unmount it first: ssh " + hostHint()
                        + " storage:unmount " + name + " " + other.name());
            }
        }
        if (known.isPresent() && wanted.path().equals(known.get().path()) && exclusive == known.get().exclusive()) {
            out().println("Volume " + wanted.name() + " is already mounted at " + wanted.path() + " in " + name + ".");
            return OK;
        }
        if (known.isEmpty()) {
            if (volumes.of(name).size() >= MAX_VOLUMES) {
                throw new UserError(name + " has " + MAX_VOLUMES + " volumes, the most an app can have; unmount and"
                        + " delete one first: ssh " + hostHint() + " storage:unmount " + name + " NAME --delete");
            }
            createOrReuse();
        }
        return shapeChange.apply(this, name, () -> volumes.mount(name, wanted.name(), wanted.path(), exclusive),
                "Mounted volume " + wanted.name() + " at " + wanted.path() + " in " + name
                        + (exclusive ? " (exclusive: each deploy stops the old release first, a short gap)" : ""));
    }

    /** A volume left by a destroyed app of the same name is mounted again only when an admin says so. */
    private void createOrReuse() throws UserError {
        try {
            boolean kept = runtime.volumeExists(name, wanted.name());
            if (kept && !reuse) {
                throw new UserError("a volume " + wanted.name() + " kept from an earlier app named " + name + " exists,"
                        + " with its files; an admin can mount it with: ssh " + hostHint() + " storage:mount " + name
                        + " " + mount + " --reuse; or choose another NAME");
            }
            if (reuse) {
                requireAdmin("mount a volume kept from a destroyed app");
                if (!kept) throw new UserError("there is no kept volume " + wanted.name() + " of " + name + " to reuse;"
                        + " drop --reuse to make a new, empty one");
            }
            runtime.createVolume(name, wanted.name());
        } catch (RuntimeFailure e) {
            throw new UserError(e.getMessage());
        }
    }

    static VolumeMount parse(String text) throws UserError {
        int colon = text.indexOf(':');
        if (colon < 0) throw new UserError("\"" + text + "\" has no ':': write NAME:/path, e.g. data:/data");
        try {
            return new VolumeMount(text.substring(0, colon), text.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static boolean nested(String a, String b) {
        return a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/");
    }

    @Override protected String auditAction() { return "storage:mount " + name + " " + mount + (exclusive ? " --exclusive" : "") + (reuse ? " --reuse" : ""); }
    @Override protected String auditApp() { return name; }
}
