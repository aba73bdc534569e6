package hiy.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaddyRoutesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final CaddyRoutes routes = new CaddyRoutes(8080, 8443);

    private final AppRoute blog = new AppRoute("blog", List.of("blog.localhost", "blog.example.com"), List.of(5001, 5002), List.of(5001, 5002));
    private final AppRoute shop = new AppRoute("shop", List.of("shop.test"), List.of(5003, 5004), List.of(5003, 5004));

    @Test
    void applyingTwiceOrInAnotherOrderGivesTheSameConfig() {
        ObjectNode once = routes.applyTo(null, List.of(blog, shop));
        assertEquals(once, routes.applyTo(once, List.of(shop, blog)));
    }

    @Test
    void keepsWhatOthersConfigured() throws Exception {
        JsonNode foreign = MAPPER.readTree("""
                {"admin": {"listen": "127.0.0.1:2019"},
                 "apps": {"http": {"servers": {"other": {"listen": [":9000"]}}},
                          "tls": {"automation": {"policies": [{"issuers": [{"module": "acme"}]}]}}}}""");
        ObjectNode config = routes.applyTo(foreign, List.of(blog));
        assertEquals(foreign.at("/apps/http/servers/other"), config.at("/apps/http/servers/other"));
        assertEquals("127.0.0.1:2019", config.at("/admin/listen").asText());
        JsonNode policies = config.at("/apps/tls/automation/policies");
        assertEquals(2, policies.size());
        assertEquals(CaddyRoutes.INTERNAL_TLS_POLICY_ID, policies.get(0).path("@id").asText(),
                "HIY's policy must come before a catch-all one");
        assertEquals("[\"blog.localhost\"]", policies.get(0).path("subjects").toString());
    }

    @Test
    void removingTheLastLocalNameRemovesTheInternalTlsPolicy() {
        ObjectNode config = routes.applyTo(routes.applyTo(null, List.of(blog)), List.of());
        assertEquals(0, config.at("/apps/tls/automation/policies").size());
        assertTrue(routes.applyTo(null, List.of()).at("/apps/tls").isMissingNode(), "no TLS app needed yet");
    }

    @Test
    void aStaticSiteIsAFileServerOnItsFolderAtItsHostsOnlyOverHttpAndHttps() {
        AppRoute site = new AppRoute("docs", List.of("docs.localhost"), List.of(), List.of(5005, 5006), false,
                Optional.empty(), Optional.of(java.nio.file.Path.of("/data/sites/docs/0123456789abcdef")));
        ObjectNode config = routes.applyTo(null, List.of(site, shop));
        for (String server : List.of("hiy_http", "hiy_https")) {
            JsonNode route = config.at("/apps/http/servers/" + server + "/routes/0");
            assertEquals("[\"docs.localhost\"]", route.at("/match/0/host").toString(), server);
            JsonNode every = route.at("/handle/0/routes/0/handle");
            assertEquals("encode", every.get(1).path("handler").asText());
            assertEquals("[\"zstd\",\"gzip\"]", every.get(1).path("prefer").toString());
            JsonNode files = route.at("/handle/0/routes/1/handle/0");
            assertEquals("file_server", files.path("handler").asText());
            assertEquals("/data/sites/docs/0123456789abcdef", files.path("root").asText());
            assertEquals("[\"index.html\"]", files.path("index_names").toString());
            assertTrue(route.at("/handle/0/routes/2").isMissingNode(), "no 404 page: the folder has no 404.html");
            assertFalse(route.toString().contains("browse"), "no folder listings");
        }
        assertFalse(config.at("/apps/http/servers/hiy_https/routes/0").toString().contains("reverse_proxy"),
                "a site has no upstreams");
        AppRoute parked = new AppRoute("docs", site.hosts(), List.of(), site.slots(), true, Optional.empty(), site.site());
        assertEquals("static_response", routes.applyTo(null, List.of(parked))
                .at("/apps/http/servers/hiy_https/routes/0/handle/0/handler").asText(), "maintenance wins");
    }

    @Test
    void bothSlotsAreUpstreamsOfEveryRoute() {
        ObjectNode config = routes.applyTo(null, List.of(shop));
        JsonNode httpsRoute = config.at("/apps/http/servers/hiy_https/routes/0");
        assertEquals("hiy-https-shop", httpsRoute.path("@id").asText());
        assertEquals("[{\"dial\":\"127.0.0.1:5003\"},{\"dial\":\"127.0.0.1:5004\"}]",
                httpsRoute.at("/handle/0/upstreams").toString());
    }

    @Test
    void anAppsOwnMaintenancePageIsSentWithEveryBraceEscapedFromCaddysPlaceholders() {
        AppRoute parked = new AppRoute("shop", List.of("shop.test"), List.of(5003), List.of(5003, 5004), true,
                Optional.of("<style>body{margin:0}</style>{env.HOME} \\{x}"));
        JsonNode handler = routes.applyTo(null, List.of(parked)).at("/apps/http/servers/hiy_https/routes/0/handle/0");
        assertEquals(503, handler.path("status_code").asInt());
        assertEquals("<style>body\\{margin:0\\}</style>\\{env.HOME\\} \\\\{x\\}", handler.path("body").asText());
        JsonNode hiys = routes.applyTo(null, List.of(new AppRoute("shop", List.of("shop.test"), List.of(5003),
                List.of(5003, 5004), true))).at("/apps/http/servers/hiy_https/routes/0/handle/0");
        assertTrue(hiys.path("body").asText().contains("Down for maintenance"), hiys.toString());
    }

    @Test
    void eachServerEndsWithTheUnknownHostPage() {
        ObjectNode config = routes.applyTo(null, List.of(blog));
        for (String server : List.of("hiy_http", "hiy_https")) {
            JsonNode serverRoutes = config.at("/apps/http/servers/" + server + "/routes");
            JsonNode last = serverRoutes.get(serverRoutes.size() - 1);
            assertFalse(last.has("match"), server);
            assertEquals(404, last.at("/handle/0/status_code").asInt(), server);
        }
    }
}
