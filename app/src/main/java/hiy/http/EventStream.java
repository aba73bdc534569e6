package hiy.http;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An answer that goes on as Server-Sent Events: one {@code data:} event per line, a comment now and then while nothing
 * happens (its write fails once the client has gone, which ends the stream), and a named event at the end. Lines may
 * come from several threads at once.
 */
final class EventStream {
    private final OutputStream out;

    EventStream(HttpExchange exchange) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "text/event-stream; charset=utf-8");
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(200, 0);
        out = exchange.getResponseBody();
    }

    void data(String line) throws IOException {
        write("data: " + oneLine(line) + "\n\n");
    }

    void event(String name, String data) throws IOException {
        write("event: " + name + "\ndata: " + oneLine(data) + "\n\n");
    }

    /** Keeps proxies from timing the stream out, and finds out whether the client is still there. */
    void heartbeat() throws IOException {
        write(":\n\n");
    }

    private synchronized void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** An event's data ends at a line break; a line of output never holds one, a stray CR is dropped. */
    private static String oneLine(String text) {
        return text.replace("\r", "").replace("\n", " ");
    }
}
