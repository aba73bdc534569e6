package hiy.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import hiy.model.QueryString;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading a request's body within a limit, and answering in JSON. */
final class Exchanges {
    /** The largest request body HIY reads; a config change is far smaller. */
    static final int MAX_BODY = 64 * 1024;
    /**
     * How much of a too-large body HIY still reads (and drops) before it answers 413: a client that is still sending
     * when the server closes gets a connection reset instead of the answer. A larger body is not read at all.
     */
    static final int DISCARD_AT_MOST = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Exchanges() { }

    static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json; charset=utf-8");
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A JSON object of the keys and values given in turn, in that order. */
    static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return map;
    }

    static String json(Object value) throws IOException {
        return JSON.writeValueAsString(value);
    }

    /**
     * The query's parameters (the last of a repeated one wins); a malformed one is refused with 400 rather than
     * guessed at.
     */
    static Map<String, String> query(HttpExchange exchange) throws ApiError {
        try {
            return QueryString.parse(exchange.getRequestURI().getRawQuery());
        } catch (QueryString.Malformed e) {
            throw new ApiError(400, "the query parameter \"" + e.pair() + "\" is not URL-encoded properly (" + e.getMessage() + ")");
        }
    }

    static void text(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void error(HttpExchange exchange, ApiError e) throws IOException {
        if (e.status == 401) exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"hiy\"");
        reply(exchange, e.status, Map.of("error", e.getMessage()));
    }

    /** The body as a JSON value: application/json, at most {@link #MAX_BODY} bytes, else a 4xx saying so. */
    static JsonNode jsonBody(HttpExchange exchange) throws ApiError, IOException {
        return parse(rawJsonBody(exchange, MAX_BODY));
    }

    /** The body's bytes as sent (a signature covers them), when it is application/json of at most max bytes. */
    static byte[] rawJsonBody(HttpExchange exchange, int max) throws ApiError, IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new ApiError(415, "send the body as JSON with the header 'Content-Type: application/json'");
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null && (!length.matches("[0-9]{1,12}") || Long.parseLong(length) > max)) {
            if (length.matches("[0-9]{1,12}") && Long.parseLong(length) <= DISCARD_AT_MOST) {
                discard(exchange.getRequestBody());
            }
            throw tooLarge(max);
        }
        return readAtMost(exchange.getRequestBody(), max);
    }

    static JsonNode parse(byte[] body) throws ApiError {
        try {
            JsonNode node = JSON.readTree(new String(body, StandardCharsets.UTF_8));
            if (node == null) throw new ApiError(400, "the body is empty; send a JSON object");
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "the body is not valid JSON (" + e.getOriginalMessage() + "); send a JSON object");
        }
    }

    private static byte[] readAtMost(InputStream in, int max) throws IOException, ApiError {
        byte[] bytes = in.readNBytes(max + 1);
        if (bytes.length > max) {
            discard(in);
            throw tooLarge(max);
        }
        return bytes;
    }

    private static void discard(InputStream in) throws IOException {
        long left = DISCARD_AT_MOST;
        byte[] buffer = new byte[8192];
        for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) left -= n;
    }

    private static ApiError tooLarge(int max) {
        return new ApiError(413, "the body is larger than " + max / 1024 + " KiB; send less at once");
    }
}
