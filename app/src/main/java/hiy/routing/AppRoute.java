package hiy.routing;

import java.util.List;

/**
 * Every host name of one app and the loopback ports its releases may listen on (the slots); no upstream ports while
 * the app has no running release, and then its hosts answer 503 with a message. The slots are there either way,
 * so that a slot can be held out of Caddy's rotation before it becomes an upstream. In maintenance its hosts answer
 * 503 with a maintenance page, whatever runs.
 */
public record AppRoute(String app, List<String> hosts, List<Integer> upstreamPorts, List<Integer> slots,
                       boolean maintenance) {
    /** Not in maintenance. */
    public AppRoute(String app, List<String> hosts, List<Integer> upstreamPorts, List<Integer> slots) {
        this(app, hosts, upstreamPorts, slots, false);
    }
}
