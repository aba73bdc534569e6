package hiy.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in app on a loopback port for tests: the same status and body to any request, one connection at a time.
 * On a plain socket, not the JDK's com.sun.net.httpserver: that one reads its limits from system properties once per
 * JVM, and HIY's own HTTP door sets them, so no test may be the first to load it.
 */
public final class LoopbackResponder {
    private final ServerSocket socket;
    private final Thread thread;

    /** A loopback port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private LoopbackResponder(ServerSocket socket, int status, String body) {
        this.socket = socket;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        this.thread = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
                    String line;
                    do {
                        line = in.readLine();
                    } while (line != null && !line.isEmpty());
                    OutputStream out = client.getOutputStream();
                    out.write(("HTTP/1.1 " + status + " Answer\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.write(bytes);
                    out.flush();
                } catch (IOException e) {
                    // closed by stop(), or a client that went away: the next accept tells which
                }
            }
        }, "responder-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** Answers 200 with body on 127.0.0.1:port (0: any free port). */
    public static LoopbackResponder serve(int port, String body) throws IOException {
        return serve(port, 200, body);
    }

    public static LoopbackResponder serve(int port, int status, String body) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        return new LoopbackResponder(socket, status, body);
    }

    public int port() {
        return socket.getLocalPort();
    }

    public void stop() {
        try {
            socket.close();
            thread.join(5000);
        } catch (IOException e) {
            // already closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
