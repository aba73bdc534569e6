package hiy.runtime;

import java.util.List;
import java.util.Map;

/**
 * One container of an app to start, on the app's network, with its shape (limits, volumes, the user's labels) and
 * HIY's labels. hostPort: published on 127.0.0.1 only, null for a process that gets no traffic (a worker). command:
 * replaces the image's entrypoint and command, null keeps them.
 */
public record ContainerSpec(String app, String name, String image, Integer hostPort, int containerPort, List<String> command,
                            Map<String, String> env, Map<String, String> labels, ProcessShape shape) {

    /** A web container running the image's own command, with limits only. */
    public ContainerSpec(String app, String name, String image, int hostPort, int containerPort,
                         Map<String, String> env, Map<String, String> labels, long memoryBytes, double cpus) {
        this(app, name, image, hostPort, containerPort, null, env, labels, ProcessShape.limits(memoryBytes, cpus));
    }
}
