package hiy.runtime;

import java.util.List;
import java.util.Map;

/**
 * What an app asks of one of its containers besides image and command: its memory and CPU limits, the volumes mounted
 * into it, and the user's own labels (never one of HIY's {@code hiy.*}).
 */
public record ProcessShape(long memoryBytes, double cpus, List<VolumeMount> volumes, Map<String, String> labels) {
    public ProcessShape {
        volumes = List.copyOf(volumes);
        labels = Map.copyOf(labels);
    }

    /** Limits only: no volume, no label of the user's. */
    public static ProcessShape limits(long memoryBytes, double cpus) {
        return new ProcessShape(memoryBytes, cpus, List.of(), Map.of());
    }
}
