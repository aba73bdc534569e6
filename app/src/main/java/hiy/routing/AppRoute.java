package hiy.routing;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Every host name of one app and the loopback ports its releases may listen on (the slots); no upstream ports while
 * the app has no running release, and then its hosts answer 503 with a message. The slots are there either way,
 * so that a slot can be held out of Caddy's rotation before it becomes an upstream. In maintenance its hosts answer
 * 503 with a maintenance page, whatever runs: the app's own (maintenancePage) or HIY's. A static site (site: its
 * folder) is served by Caddy from its files, and has no upstreams.
 */
public record AppRoute(String app, List<String> hosts, List<Integer> upstreamPorts, List<Integer> slots,
                       boolean maintenance, Optional<String> maintenancePage, Optional<Path> site) {
    public AppRoute(String app, List<String> hosts, List<Integer> upstreamPorts, List<Integer> slots,
                    boolean maintenance, Optional<String> maintenancePage) {
        this(app, hosts, upstreamPorts, slots, maintenance, maintenancePage, Optional.empty());
    }

    /** Not in maintenance. */
    public AppRoute(String app, List<String> hosts, List<Integer> upstreamPorts, List<Integer> slots) {
        this(app, hosts, upstreamPorts, slots, false, Optional.empty());
    }

    /** In maintenance or not, with HIY's own page. */
    public AppRoute(String app, List<String> hosts, List<Integer> upstreamPorts, List<Integer> slots,
                    boolean maintenance) {
        this(app, hosts, upstreamPorts, slots, maintenance, Optional.empty());
    }
}
