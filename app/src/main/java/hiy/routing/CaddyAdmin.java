package hiy.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A small client for Caddy's admin API (https://caddyserver.com/docs/api).
 * <p>
 * It speaks through {@link HttpURLConnection}, not {@code java.net.http}: Caddy 2.6 ends every config answer with an
 * {@code Etag} trailer after the last chunk, valid HTTP/1.1 that the {@code java.net.http} client of Debian 12's
 * current JDK (17.0.21) rejects ("ProtocolException: CR expected"), so HIY could not even see Caddy start there.
 */
public final class CaddyAdmin {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;

    public CaddyAdmin(URI base) {
        this.base = base;
    }

    public URI base() {
        return base;
    }

    /** Whether a Caddy admin API answers at the base URI within about a second. */
    public boolean answers() {
        try {
            return exchange("GET", "/config/", null, PROBE_TIMEOUT).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The JSON at {@code path} (e.g. /config/ or /id/some-id); null if there is nothing there. */
    public JsonNode get(String path) throws RoutingFailure {
        Answer response = send("GET", path, null);
        if (response.status() == 404) {
            return null;
        }
        JsonNode tree = parse(path, response.body());
        return tree.isNull() ? null : tree;
    }

    /** POST, e.g. to /load to replace the whole config in one atomic change. */
    public void post(String path, JsonNode body) throws RoutingFailure {
        send("POST", path, body.toString());
    }

    private record Answer(int status, String body) {}

    private Answer send(String method, String path, String body) throws RoutingFailure {
        Answer response;
        try {
            response = exchange(method, path, body, REQUEST_TIMEOUT);
        } catch (IOException e) {
            throw new RoutingFailure("Caddy's admin API at " + base + " did not answer " + method + " " + path
                    + " (" + e + "). HIY starts Caddy itself unless one already runs there: restart HIY, or check"
                    + " that the Caddy at that address is running.", e);
        }
        if (response.status() >= 400 && response.status() != 404) {
            throw new RoutingFailure("Caddy refused " + method + " " + path + " (HTTP " + response.status()
                    + "): " + errorOf(response.body()) + ". Its log (caddy.log in HIY's data directory when HIY"
                    + " started it) may say more.");
        }
        return response;
    }

    private Answer exchange(String method, String path, String body, Duration readTimeout) throws IOException {
        // NO_PROXY: the admin API is local; an http.proxyHost set for the JVM must not carry config elsewhere.
        HttpURLConnection connection = (HttpURLConnection) base.resolve(path).toURL().openConnection(Proxy.NO_PROXY);
        try {
            connection.setConnectTimeout((int) PROBE_TIMEOUT.toMillis());
            connection.setReadTimeout((int) readTimeout.toMillis());
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestMethod(method);
            connection.setRequestProperty("Content-Type", "application/json");
            if (body != null) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = connection.getResponseCode();
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            connection.disconnect();
            throw e;
        }
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
