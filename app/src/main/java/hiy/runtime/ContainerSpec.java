package hiy.runtime;

import java.util.List;
import java.util.Map;

/**
 * One container of an app to start, on the app's network, with limits and labels. hostPort: published on 127.0.0.1 only, null for a process
 * that gets no traffic (a worker). command: replaces the image's entrypoint and command, null keeps them.
 * memoryBytes and cpus come from settings (defaults 512 MB, 0.5 CPU).
 */
public record ContainerSpec(String app, String name, String image, Integer hostPort, int containerPort, List<String> command,
                            Map<String, String> env, Map<String, String> labels,
                            long memoryBytes, double cpus) {

    /** A web container running the image's own command. */
    public ContainerSpec(String app, String name, String image, int hostPort, int containerPort,
                         Map<String, String> env, Map<String, String> labels, long memoryBytes, double cpus) {
        this(app, name, image, hostPort, containerPort, null, env, labels, memoryBytes, cpus);
    }
}
