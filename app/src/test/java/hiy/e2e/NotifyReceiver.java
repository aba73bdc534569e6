package hiy.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An ntfy server or a Slack incoming webhook as far as HIY can tell: a plain socket on 127.0.0.1 that keeps every
 * request (path, headers, body) and answers each with the next status given (then 200), or, when hanging, never answers.
 * A plain socket rather than the JDK's HTTP server: HIY's own HTTP door runs in this JVM and sets that server's limits.
 */
final class NotifyReceiver implements AutoCloseable {
    record Request(String path, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    private final ServerSocket socket;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Integer> statuses = new ConcurrentLinkedDeque<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final boolean hang;

    private NotifyReceiver(boolean hang, List<Integer> statuses) throws IOException {
        this.hang = hang;
        this.statuses.addAll(statuses);
        socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        Thread t = new Thread(this::serve, "notify-receiver-" + socket.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** Answers the given statuses in turn, then 200. */
    static NotifyReceiver answering(Integer... statuses) throws IOException {
        return new NotifyReceiver(false, List.of(statuses));
    }

    /** Reads each request and never answers it. */
    static NotifyReceiver hanging() throws IOException {
        return new NotifyReceiver(true, List.of());
    }

    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                requests.add(read(client.getInputStream()));
                if (hang) {
                    held.add(client);
                    continue;
                }
                try (client) {
                    Integer next = statuses.poll();
                    OutputStream out = client.getOutputStream();
                    out.write(("HTTP/1.1 " + (next == null ? 200 : next) + " Answer\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (IOException e) {
                // closed by close(), or a client that went away: the next accept tells which
            }
        }
    }

    private static Request read(InputStream in) throws IOException {
        String requestLine = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon > 0) headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        String[] parts = requestLine.split(" ");
        return new Request(parts.length > 1 ? parts[1] : "", headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : held) s.close();
    }
}
