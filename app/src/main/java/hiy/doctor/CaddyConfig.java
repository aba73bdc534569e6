package hiy.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import hiy.routing.LocalNames;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** What doctor reads from Caddy's JSON config: which server listens on a port, and the real names routed. */
final class CaddyConfig {
    private CaddyConfig() {}

    /** The name of the HTTP server that listens on the port (":80", "0.0.0.0:80", "[::]:80" …), if one does. */
    static Optional<String> serverOn(JsonNode config, int port) {
        Iterator<Map.Entry<String, JsonNode>> servers = config.path("apps").path("http").path("servers").fields();
        while (servers.hasNext()) {
            Map.Entry<String, JsonNode> server = servers.next();
            for (JsonNode listen : server.getValue().path("listen")) {
                if (listen.asText().endsWith(":" + port)) return Optional.of(server.getKey());
            }
        }
        return Optional.empty();
    }

    /**
     * Every host name a route of Caddy's matches that a public CA could certify, sorted: local names (*.localhost,
     * addresses …, see {@link LocalNames}) get Caddy's internal certificates and wildcards are left out.
     */
    static TreeSet<String> realHosts(JsonNode config) {
        TreeSet<String> hosts = new TreeSet<>();
        collect(config.path("apps").path("http").path("servers"), hosts);
        return hosts;
    }

    private static void collect(JsonNode node, TreeSet<String> hosts) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("host") && field.getValue().isArray()) {
                    for (JsonNode host : field.getValue()) {
                        String name = host.asText();
                        if (!name.isBlank() && !name.contains("*") && !name.contains("{") && !LocalNames.isLocal(name)) {
                            hosts.add(name.toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                } else {
                    collect(field.getValue(), hosts);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, hosts));
        }
    }
}
