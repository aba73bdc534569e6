package hiy.routing;

import java.util.List;

/** Every host name of one app and the loopback ports its releases may listen on (the slots). */
public record AppRoute(String app, List<String> hosts, List<Integer> upstreamPorts) {
}
