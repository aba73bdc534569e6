package hiy.runtime;

import java.util.Map;

/**
 * One container to start: published on 127.0.0.1:hostPort only, with limits and labels.
 * memoryBytes and cpus come from settings (defaults 512 MB, 0.5 CPU).
 */
public record ContainerSpec(String name, String image, int hostPort, int containerPort,
                            Map<String, String> env, Map<String, String> labels,
                            long memoryBytes, double cpus) {
}
