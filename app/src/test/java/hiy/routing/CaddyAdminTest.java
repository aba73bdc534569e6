package hiy.routing;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin client reads answers byte for byte as Caddy 2.6 writes them. */
class CaddyAdminTest {
    /** What Caddy 2.6.2 sends for GET /config/, captured from the real one: chunked, then an Etag trailer. */
    private static final String CADDY_26_ANSWER = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + "Trailer: ETag\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "27\r\n{\"admin\":{\"listen\":\"127.0.0.1:45311\"}}\n\r\n"
            + "0\r\nEtag: \"/config/ a449955c\"\r\n\r\n";

    @Test
    void readsAnAnswerThatEndsWithAnEtagTrailer() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> serve(server, requests), "fake-caddy");
            serving.setDaemon(true);
            serving.start();
            CaddyAdmin admin = new CaddyAdmin(URI.create("http://127.0.0.1:" + server.getLocalPort()));

            assertTrue(admin.answers(), "the JDK 17.0.21 java.net.http client fails here with 'CR expected'");
            assertEquals("127.0.0.1:45311", admin.get("/config/").path("admin").path("listen").asText());
            assertEquals(List.of("GET /config/ HTTP/1.1", "GET /config/ HTTP/1.1"), requests);
        }
    }

    /** Answers each request with {@link #CADDY_26_ANSWER}, keeping connections open as Caddy does. */
    private static void serve(ServerSocket server, List<String> requests) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> answerAll(socket, requests), "fake-caddy-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (Exception e) {
                return;
            }
        }
    }

    private static void answerAll(Socket socket, List<String> requests) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.US_ASCII)); OutputStream out = socket.getOutputStream()) {
            String line;
            while ((line = in.readLine()) != null) {
                List<String> head = new ArrayList<>(List.of(line));
                while ((line = in.readLine()) != null && !line.isEmpty()) head.add(line);
                requests.add(head.get(0));
                out.write(CADDY_26_ANSWER.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (Exception e) {
            // the client went away
        }
    }
}
