package hiy.release;

import hiy.config.Settings;
import hiy.runtime.ProcessShape;
import hiy.runtime.VolumeMount;
import hiy.store.Labels;
import hiy.store.Limits;
import hiy.store.Volumes;

import java.util.List;

/**
 * The shape of each container of an app, read from what its users set (storage:mount, resources:set, labels:set)
 * over HIY's defaults (HIY_MEMORY_MB, HIY_CPUS). The same for every release: a rollback runs with today's volumes,
 * limits and labels, as data outlives code.
 */
public final class AppShapes {
    /** The process "type" of a `run` one-off and of the release command: the app's own limits apply. */
    public static final String ONE_OFF = Limits.ALL;

    private final Volumes volumes;
    private final Limits limits;
    private final Labels labels;
    private final Settings settings;

    public AppShapes(Volumes volumes, Limits limits, Labels labels, Settings settings) {
        this.volumes = volumes;
        this.limits = limits;
        this.labels = labels;
        this.settings = settings;
    }

    public ProcessShape of(String app, String processType) {
        Limits.Limit set = limits.effective(app, processType);
        long memory = set.memoryMb() != null ? set.memoryMb() * 1024L * 1024L : settings.memoryBytes();
        double cpus = set.cpus() != null ? set.cpus() : settings.cpus();
        return new ProcessShape(memory, cpus, mounts(app), labels.of(app));
    }

    /** Whether a switch must stop the old release before the new one starts (a volume only one may mount). */
    public boolean exclusive(String app) {
        return volumes.anyExclusive(app);
    }

    private List<VolumeMount> mounts(String app) {
        return volumes.of(app).stream().filter(Volumes.Volume::mounted)
                .map(v -> new VolumeMount(v.name(), v.path())).toList();
    }
}
