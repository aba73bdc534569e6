package hiy.routing;

import java.util.List;

/**
 * Every host name of one app and the loopback ports its releases may listen on (the slots); no ports while the
 * app has no running release, and then its hosts answer 503 with a message.
 */
public record AppRoute(String app, List<String> hosts, List<Integer> upstreamPorts) {
}
