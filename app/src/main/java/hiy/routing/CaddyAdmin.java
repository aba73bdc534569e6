package hiy.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client for Caddy's admin API (https://caddyserver.com/docs/api). */
public final class CaddyAdmin {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(PROBE_TIMEOUT)
            .build();

    public CaddyAdmin(URI base) {
        this.base = base;
    }

    public URI base() {
        return base;
    }

    /** Whether a Caddy admin API answers at the base URI within about a second. */
    public boolean answers() {
        try {
            HttpRequest request = HttpRequest.newBuilder(resolve("/config/")).timeout(PROBE_TIMEOUT).GET().build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The JSON at {@code path} (e.g. /config/ or /id/some-id); null if there is nothing there. */
    public JsonNode get(String path) throws RoutingFailure {
        HttpResponse<String> response = send("GET", path, HttpRequest.BodyPublishers.noBody());
        if (response.statusCode() == 404) {
            return null;
        }
        JsonNode tree = parse(path, response.body());
        return tree.isNull() ? null : tree;
    }

    /** POST, e.g. to /load to replace the whole config in one atomic change. */
    public void post(String path, JsonNode body) throws RoutingFailure {
        send("POST", path, HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body)
            throws RoutingFailure {
        HttpRequest request = HttpRequest.newBuilder(resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .method(method, body)
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RoutingFailure("Caddy's admin API at " + base + " did not answer " + method + " " + path
                    + " (" + e + "). HIY starts Caddy itself unless one already runs there: restart HIY, or check"
                    + " that the Caddy at that address is running.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoutingFailure("Interrupted while talking to Caddy's admin API at " + base, e);
        }
        if (response.statusCode() >= 400 && response.statusCode() != 404) {
            throw new RoutingFailure("Caddy refused " + method + " " + path + " (HTTP " + response.statusCode()
                    + "): " + errorOf(response.body()) + ". Its log (caddy.log in HIY's data directory when HIY"
                    + " started it) may say more.");
        }
        return response;
    }

    private URI resolve(String path) {
        return base.resolve(path);
    }

    private static JsonNode parse(String path, String body) throws RoutingFailure {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new RoutingFailure("Caddy's admin API answered GET " + path + " with something that is not JSON: "
                    + body.strip() + ". Is another program listening at Caddy's admin address?", e);
        }
    }

    private static String errorOf(String body) {
        try {
            return MAPPER.readTree(body).path("error").asText(body.strip());
        } catch (JsonProcessingException e) {
            return body.strip();
        }
    }
}
