package hiy.backup;

import hiy.model.Instance;
import hiy.model.LineSink;
import hiy.runtime.RuntimeFailure;
import hiy.runtime.VolumeArchives;
import hiy.store.DataDir;
import hiy.store.Database;
import hiy.store.Volumes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files of the apps' volumes in a backup: each volume HIY records is exported on its own
 * ({@code podman volume export}: files, owners, modes and times), into the archive as volumes/APP/NAME.tar, and made
 * and imported again by a restore. The podman command is used directly, so it works with HIY stopped too.
 */
final class VolumeBackup {
    private final VolumeArchives podman = new VolumeArchives();

    /** Exports every recorded volume that Podman has into {@code into}; returns those the backup holds. */
    List<Manifest.Volume> exportAll(DataDir data, Database db, Path into, LineSink progress) throws IOException {
        List<Volumes.Volume> recorded = new Volumes(db).all();
        List<Manifest.Volume> taken = new ArrayList<>();
        if (recorded.isEmpty()) return taken;
        Instance instance = instance(data.instanceIdFile());
        try {
            for (Volumes.Volume v : recorded) {
                String volume = instance.volume(v.app(), v.name());
                if (!podman.exists(volume)) {
                    progress.line("volume " + v.name() + " of " + v.app() + ": Podman has no " + volume
                            + " (never mounted since it was recorded), so it is not in the backup");
                    continue;
                }
                long t0 = System.nanoTime();
                Path file = into.resolve(ArchivePaths.volume(v.app(), v.name()));
                Files.createDirectories(file.getParent());
                List<String> paused = pauseUsers(v, volume, progress);
                try (OutputStream out = Files.newOutputStream(Files.createFile(file, PosixFilePermissions
                        .asFileAttribute(PosixFilePermissions.fromString("rw-------"))), StandardOpenOption.WRITE)) {
                    podman.export(volume, out);
                } finally {
                    podman.unpause(paused, volume);
                }
                progress.line("volume " + v.name() + " of " + v.app() + ": " + Files.size(file) / 1024 + " KiB in "
                        + (System.nanoTime() - t0) / 1_000_000 + " ms" + (paused.isEmpty() ? ""
                        : ", its " + paused.size() + " running container(s) paused meanwhile"));
                taken.add(new Manifest.Volume(v.app(), v.name()));
            }
        } catch (RuntimeFailure e) {
            throw new IOException("could not export an app's volume: " + e.getMessage(), e);
        }
        return taken;
    }

    /**
     * Pauses the running containers that mount the volume, so its files are read as of one moment (an SQLite file
     * and its journal agree); where Podman cannot pause (rootless on cgroup v1) they are read while the app runs, and
     * the backup says so. Returns the containers paused.
     */
    private List<String> pauseUsers(Volumes.Volume v, String volume, LineSink progress) throws RuntimeFailure {
        List<String> users = podman.runningUsers(volume);
        try {
            podman.pause(users, volume);
            return users;
        } catch (RuntimeFailure e) {
            for (String id : users) {
                try {
                    podman.unpause(List.of(id), volume);
                } catch (RuntimeFailure notPaused) {
                    // the pause did not reach this one
                }
            }
            progress.line("volume " + v.name() + " of " + v.app() + ": Podman could not pause the containers using it ("
                    + e.getMessage() + "), so its files are read while the app runs");
            return List.of();
        }
    }

    /**
     * Makes each volume of the backup in Podman, labelled as the restored HIY's, with the backup's files; one that
     * Podman has already is left as it is (it may hold newer files) and said so. Then removes the volumes' tar streams
     * from {@code staging}. If one fails, the volumes this made are removed again.
     */
    void importAll(Path staging, Manifest manifest, LineSink progress) throws IOException {
        if (manifest.volumes().isEmpty()) return;
        Instance instance = instance(staging.resolve("instance-id"));
        List<String> made = new ArrayList<>();
        try {
            for (Manifest.Volume v : manifest.volumes()) {
                String volume = instance.volume(v.app(), v.name());
                if (podman.exists(volume)) {
                    progress.line("volume " + v.name() + " of " + v.app() + ": Podman has " + volume + " already; it is"
                            + " kept as it is and the backup's copy is not used (to take the backup's, remove it with"
                            + " `podman volume rm " + volume + "` and restore into an empty data dir again)");
                    continue;
                }
                podman.create(volume, instance.stamp(Map.of(Instance.VOLUME_LABEL, v.app())));
                made.add(volume);
                try (InputStream in = Files.newInputStream(staging.resolve(v.path()), LinkOption.NOFOLLOW_LINKS)) {
                    podman.importInto(volume, in);
                }
                progress.line("volume " + v.name() + " of " + v.app() + ": restored into " + volume);
            }
        } catch (RuntimeFailure | IOException e) {
            for (String volume : made) {
                try {
                    podman.remove(volume);
                } catch (RuntimeFailure again) {
                    progress.line("could not remove the half-restored volume " + volume + ": " + again.getMessage());
                }
            }
            throw new IOException("could not restore an app's volume: " + e.getMessage(), e);
        }
        DataDir.deleteTree(staging.resolve("volumes"));
    }

    private static Instance instance(Path file) throws IOException {
        try {
            return new Instance(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not hold an HIY instance id: " + e.getMessage(), e);
        }
    }
}
