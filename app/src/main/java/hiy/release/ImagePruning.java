package hiy.release;

import hiy.config.Settings;
import hiy.runtime.ContainerRuntime;
import hiy.store.Releases;
import hiy.store.Releases.Release;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The images an app keeps after a switch: HIY_KEEP_RELEASES of the newest that served. */
final class ImagePruning {
    private final Releases releases;
    private final ContainerRuntime runtime;
    private final Settings settings;

    ImagePruning(Releases releases, ContainerRuntime runtime, Settings settings) {
        this.releases = releases;
        this.runtime = runtime;
        this.settings = settings;
    }

    /**
     * Keeps the images of the newest releases that served (for instant rollback) and removes the rest (Podman
     * removes their untagged parent layers with them).
     */
    void prune(String app) {
        Set<String> keep = new LinkedHashSet<>();
        List<Release> all = releases.of(app);
        for (Release r : all) {
            if (r.isStatic()) continue;
            boolean served = r.status() == Releases.Status.LIVE || r.status() == Releases.Status.RETIRED;
            if (served && keep.size() < settings.keepReleases()) keep.add(r.image());
        }
        all.stream().filter(r -> !r.isStatic()).map(Release::image).filter(image -> !keep.contains(image)).distinct().forEach(runtime::removeImage);
    }
}
