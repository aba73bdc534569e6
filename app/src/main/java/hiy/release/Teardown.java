package hiy.release;

import hiy.routing.RouteTable;
import hiy.routing.RoutingFailure;
import hiy.runtime.ContainerRuntime;
import hiy.runtime.RuntimeFailure;
import hiy.store.Apps;
import hiy.store.Processes;
import hiy.store.Releases;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** apps:destroy's work: every container, image and network of the app, its volumes if asked, then its record. */
public final class Teardown {
    /** What apps:destroy removed; volumes: the NAMEs of the volumes deleted (withVolumes) or kept. */
    public record Destroyed(int containers, int images, List<String> volumes) { }

    private final Apps apps;
    private final Releases releases;
    private final Processes processes;
    private final ContainerRuntime runtime;
    private final RouteTable routes;

    Teardown(Apps apps, Releases releases, Processes processes, ContainerRuntime runtime, RouteTable routes) {
        this.apps = apps;
        this.releases = releases;
        this.processes = processes;
        this.runtime = runtime;
        this.routes = routes;
    }

    /** Run under the switch's lock (see ReleaseSwitch.destroy). */
    Destroyed destroy(String app, boolean withVolumes) throws SwitchFailure {
        // The records too: a container started before HIY labelled its instance is not listed by containersOf.
        Set<String> all = new LinkedHashSet<>(runtime.containersOf(app));
        processes.of(app).forEach(p -> all.add(p.container()));
        int containers = 0;
        for (String container : all) {
            runtime.stopAndRemove(container, Duration.ZERO);
            containers++;
        }
        Set<String> images = new LinkedHashSet<>();
        releases.of(app).stream().filter(r -> !r.isStatic()).forEach(r -> images.add(r.image()));
        images.forEach(runtime::removeImage);
        runtime.removeNetwork(app);
        List<String> volumes = runtime.volumesOf(app);
        if (withVolumes) {
            for (String volume : volumes) {
                try {
                    runtime.removeVolume(app, volume);
                } catch (RuntimeFailure e) {
                    throw new SwitchFailure(e.getMessage());
                }
            }
        }
        apps.delete(app);
        try {
            routes.apply();
        } catch (RoutingFailure e) {
            // The app is gone either way; the supervisor gives Caddy the routes within seconds.
        }
        return new Destroyed(containers, images.size(), volumes);
    }
}
