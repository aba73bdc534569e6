package hiy.runtime;

import hiy.model.Instance;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * An app's named volumes in Podman, each labelled with this HIY's instance and the app. A volume of that name that is
 * not this HIY's (another HIY's, or one made by hand) is never mounted, changed or removed.
 */
final class PodmanVolumes {
    private final DockerClient docker;
    private final Instance instance;
    private final VolumeArchives archives = new VolumeArchives();

    PodmanVolumes(DockerClient docker, Instance instance) {
        this.docker = docker;
        this.instance = instance;
    }

    /** Makes the volume if it does not exist yet; returns its Podman name. */
    String ensure(String app, String name) throws RuntimeFailure {
        String volume = instance.volume(app, name);
        Optional<InspectVolumeResponse> found = inspect(volume);
        if (found.isPresent()) {
            requireOwn(found.get(), volume);
            return volume;
        }
        try {
            docker.createVolumeCmd().withName(volume)
                    .withLabels(instance.stamp(Map.of(Instance.VOLUME_LABEL, app))).exec();
        } catch (ConflictException | InternalServerErrorException raced) {
            // made meanwhile (a start of another process of the app): checked below like any other
            requireOwn(inspect(volume).orElseThrow(() -> new RuntimeFailure("Podman could not create the volume "
                    + volume + ": " + raced.getMessage() + "; check that `podman volume create " + volume + "` works")), volume);
        } catch (DockerException e) {
            throw new RuntimeFailure("Podman could not create the volume " + volume + ": " + e.getMessage()
                    + "; check that `podman volume create " + volume + "` works", e);
        }
        return volume;
    }

    boolean exists(String app, String name) throws RuntimeFailure {
        String volume = instance.volume(app, name);
        Optional<InspectVolumeResponse> found = inspect(volume);
        if (found.isPresent()) requireOwn(found.get(), volume);
        return found.isPresent();
    }

    /** Bytes in the volume's files (links not followed); empty if it does not exist or cannot be read from here. */
    Optional<Long> size(String app, String name) {
        Optional<InspectVolumeResponse> found = inspect(instance.volume(app, name));
        if (found.isEmpty() || !instance.owns(found.get().getLabels()) || found.get().getMountpoint() == null) {
            return Optional.empty();
        }
        Path root = Path.of(found.get().getMountpoint());
        try (Stream<Path> files = Files.walk(root)) {
            return Optional.of(files.mapToLong(PodmanVolumes::bytes).sum());
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static long bytes(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? a.size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Deletes the volume and its data; no error if it is gone. Refused while a container uses it. */
    void remove(String app, String name) throws RuntimeFailure {
        String volume = instance.volume(app, name);
        Optional<InspectVolumeResponse> found = inspect(volume);
        if (found.isEmpty()) return;
        requireOwn(found.get(), volume);
        try {
            docker.removeVolumeCmd(volume).exec();
        } catch (NotFoundException gone) {
            // removed meanwhile
        } catch (DockerException e) {
            throw new RuntimeFailure("Podman could not delete the volume " + volume + " (" + e.getMessage()
                    + "); is a container still using it? `podman ps -a --filter volume=" + volume + "` shows it", e);
        }
    }

    /**
     * Copies the files of the app's volume NAME, with owners and modes, into a new volume NAME of app {@code toApp}
     * (apps:rename); refused if that one exists already, so no data is mixed. Nothing must write the source meanwhile.
     * idsFrom, idsTo: where each app's range of host ids starts, if its containers get one (the owners move along).
     */
    void copy(String app, String name, String toApp, OptionalLong idsFrom, OptionalLong idsTo) throws RuntimeFailure {
        String source = instance.volume(app, name);
        String target = instance.volume(toApp, name);
        requireOwn(inspect(source).orElseThrow(() -> new RuntimeFailure("the volume " + source + " is gone; check"
                + " `podman volume ls`")), source);
        if (inspect(target).isPresent()) {
            throw new RuntimeFailure("a volume named " + target + " exists already; HIY copies into a new volume only."
                    + " Remove it with `podman volume rm " + target + "` if nobody needs it, or choose another name");
        }
        ensure(toApp, name);
        archives.copy(source, target);
        if (idsFrom.isPresent() && idsTo.isPresent() && idsFrom.getAsLong() != idsTo.getAsLong()) {
            String mountpoint = inspect(target).map(InspectVolumeResponse::getMountpoint).orElseThrow(() ->
                    new RuntimeFailure("Podman does not say where the volume " + target + " is; check `podman volume"
                            + " inspect " + target + "`"));
            VolumeOwners.shift(Path.of(mountpoint), idsFrom.getAsLong(), idsTo.getAsLong(), Isolation.SHARED_IDS);
        }
    }

    /** The names (NAME of hiy-ID-APP-NAME) of this HIY's volumes of the app, including those no record knows. */
    List<String> of(String app) {
        List<String> names = new ArrayList<>();
        String prefix = instance.volume(app, "");
        var volumes = docker.listVolumesCmd().withFilter("label", List.of(Instance.VOLUME_LABEL + "=" + app)).exec()
                .getVolumes();
        if (volumes == null) return names;
        for (InspectVolumeResponse v : volumes) {
            if (instance.owns(v.getLabels()) && app.equals(v.getLabels().get(Instance.VOLUME_LABEL))
                    && v.getName().startsWith(prefix)) {
                names.add(v.getName().substring(prefix.length()));
            }
        }
        return names;
    }

    private Optional<InspectVolumeResponse> inspect(String volume) {
        try {
            return Optional.of(docker.inspectVolumeCmd(volume).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private void requireOwn(InspectVolumeResponse v, String volume) throws RuntimeFailure {
        if (!instance.owns(v.getLabels())) {
            throw new RuntimeFailure("a volume named " + volume + " exists and is not this HIY's (its "
                    + Instance.INSTANCE_LABEL + " label is not " + instance.id() + "); HIY leaves it alone: choose"
                    + " another volume name, or remove it with `podman volume rm " + volume + "` if nobody needs it");
        }
    }
}
