package hiy.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CaddyConfigTest {
    private static final String CONFIG = """
            {"apps": {"http": {"http_port": 8080, "servers": {
              "hiy_http": {"listen": [":8080"], "routes": [
                {"match": [{"host": ["blog.localhost", "Blog.Example.com"]}],
                 "handle": [{"handler": "subroute", "routes": [{"match": [{"host": ["www.example.org"]}]}]}]},
                {"match": [{"host": ["127.0.0.1"], "path": ["/hiy-slot/1"]}]}]},
              "hiy_https": {"listen": ["0.0.0.0:8443"], "routes": [
                {"match": [{"host": ["blog.localhost", "blog.example.com", "*.example.net", "shop.test", "[::1]"]}]}]}
            }}}}""";

    @Test
    void findsTheServerOnAPortWhateverAddressItListensOn() throws Exception {
        JsonNode config = new ObjectMapper().readTree(CONFIG);
        assertEquals(Optional.of("hiy_http"), CaddyConfig.serverOn(config, 8080));
        assertEquals(Optional.of("hiy_https"), CaddyConfig.serverOn(config, 8443));
        assertEquals(Optional.empty(), CaddyConfig.serverOn(config, 80));
        assertEquals(Optional.empty(), CaddyConfig.serverOn(config, 443), "8443 is not 443");
    }

    @Test
    void realHostsLeaveOutLocalNamesAddressesAndWildcards() throws Exception {
        assertEquals(List.of("blog.example.com", "www.example.org"),
                List.copyOf(CaddyConfig.realHosts(new ObjectMapper().readTree(CONFIG))));
    }

    @Test
    void anEmptyConfigHasNeitherServersNorHosts() throws Exception {
        JsonNode empty = new ObjectMapper().readTree("null");
        assertEquals(Optional.empty(), CaddyConfig.serverOn(empty, 80));
        assertEquals(List.of(), List.copyOf(CaddyConfig.realHosts(empty)));
    }
}
