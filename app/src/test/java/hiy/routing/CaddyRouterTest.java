package hiy.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import hiy.host.LoopbackResponder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Routing through a real Caddy, to real upstream servers on loopback. */
@Tag("e2e")
class CaddyRouterTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path caddyDir;

    private final int httpPort = Ports.free();
    private final int httpsPort = Ports.free();
    private final int slotA = Ports.free();
    private final int slotB = Ports.free();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<LoopbackResponder> upstreams = new ArrayList<>();
    private CaddyAdmin admin;
    private CaddyProcess caddy;
    private CaddyRouter router;

    @BeforeEach
    void startCaddy() throws Exception {
        URI adminUri = URI.create("http://127.0.0.1:" + Ports.free());
        caddy = CaddyProcess.ensureRunning(adminUri, caddyDir, httpPort, httpsPort);
        admin = new CaddyAdmin(adminUri);
        router = new CaddyRouter(admin, httpPort, httpsPort);
    }

    @AfterEach
    void stopEverything() {
        upstreams.forEach(LoopbackResponder::stop);
        caddy.close();
    }

    @Test
    void theEmptySlotIsSkippedWithoutTheClientNoticing() throws Exception {
        serve(slotA, "release A");
        router.apply(List.of(blog()));
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = get("blog.localhost");
            assertEquals(200, response.statusCode(), "request " + i);
            assertEquals("release A", response.body(), "request " + i);
        }
    }

    /** B starts and A stops at once, so the first request may wait until Caddy's mark on the empty slot B expires. */
    @Test
    void aNewReleaseOnTheOtherSlotTakesOverWithoutAConfigChange() throws Exception {
        LoopbackResponder a = serve(slotA, "release A");
        router.apply(List.of(blog()));
        assertEquals("release A", get("blog.localhost").body());

        serve(slotB, "release B");
        a.stop();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = get("blog.localhost");
            assertEquals(200, response.statusCode(), "request " + i);
            assertEquals("release B", response.body(), "request " + i);
        }
    }

    /**
     * Podman's conmon holds a container's host port while the container starts and stops: connections are taken and
     * never answered. A hold of such a slot still lands at once, so no client request is sent there to hang.
     */
    @Test
    void aSlotThatTakesConnectionsButNeverAnswersIsHeldOutByAQuickHold() throws Exception {
        serve(slotA, "release A");
        router.apply(List.of(blog()));
        try (java.net.ServerSocket silent = new java.net.ServerSocket(slotB, 50, java.net.InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            router.holdOut(slotB);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < RouteTable.HOLD.toMillis(), "the hold landed in " + millis + " ms, within the hold itself");
            assertFalse(router.usable(slotB));
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> response = get("blog.localhost");
                assertEquals("release A", response.body(), "request " + i);
            }
        }
    }

    /** Caddy 2.6 loses the body of a request it retries after a refused dial (caddy#7546): none may be refused. */
    @Test
    void postsAreNotSentToAHeldOutSlotWhichComesBackWhenTheHoldRunsOut() throws Exception {
        serve(slotA, "release A");
        router.apply(List.of(blog()));
        router.holdOut(slotB);
        assertFalse(router.usable(slotB));
        router.holdOut(slotB);
        assertFalse(java.nio.file.Files.readString(caddyDir.resolve("caddy.log")).contains("/hiy-slot/"),
                "holds fail on purpose, several times a second: Caddy must not log them");
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = post("blog.localhost", "a body " + i);
            assertEquals(200, response.statusCode(), "request " + i + ": " + response.body());
            assertEquals("release A", response.body(), "request " + i);
        }

        serve(slotB, "release B");
        eventually(() -> {
            assertTrue(router.usable(slotB));
            return null;
        });
        eventually(() -> {
            assertEquals("release B", get("blog.localhost").body());
            return null;
        });
    }

    @Test
    void anUnknownHostGetsA404ThatSaysHowToDeploy() throws Exception {
        router.apply(List.of(blog()));
        HttpResponse<String> response = get("nothing.localhost");
        assertEquals(404, response.statusCode());
        assertEquals("No app is deployed at nothing.localhost.\n"
                + "Deploy one with: git push ssh://hiy@HOST:PORT/NAME main (HIY's SSH port, 2222 by default)\n",
                response.body());
    }

    /**
     * Caddy 2.6 itself skips a load whose JSON is identical ("config is unchanged"), so the same routes are given in
     * another order: if that produced a different config, Caddy would reload and close the connection.
     */
    @Test
    void applyingTheSameRoutesAgainKeepsKeepAliveConnectionsOpen() throws Exception {
        serve(slotA, "release A");
        int shopSlot = Ports.free();
        router.apply(List.of(
                new AppRoute("blog", List.of("blog.localhost", "www.blog.localhost"), List.of(slotA, slotB), List.of(slotA, slotB)),
                new AppRoute("shop", List.of("shop.localhost"), List.of(shopSlot), List.of(shopSlot))));
        try (Socket connection = new Socket(InetAddress.getLoopbackAddress(), httpPort)) {
            connection.setSoTimeout(10_000);
            assertTrue(exchange(connection, "blog.localhost").endsWith("release A"));
            router.apply(List.of(
                    new AppRoute("shop", List.of("shop.localhost"), List.of(shopSlot), List.of(shopSlot)),
                    new AppRoute("blog", List.of("www.blog.localhost", "blog.localhost"), List.of(slotB, slotA), List.of(slotB, slotA))));
            assertTrue(exchange(connection, "blog.localhost").endsWith("release A"),
                    "the connection must survive an apply that changes nothing");

            router.apply(List.of(blog()));
            assertThrows(IOException.class, () -> exchange(connection, "blog.localhost"),
                    "a real change closes idle connections; if it did not, this test could not tell");
        }
    }

    @Test
    void aPublicDomainOnPlainHttpIsRedirectedToHttps() throws Exception {
        keepAcmeOffTheInternet("blog.example.com");
        router.apply(List.of(new AppRoute("blog", List.of("blog.example.com"), List.of(slotA, slotB), List.of(slotA, slotB))));
        HttpResponse<String> response = get("blog.example.com", "/posts?page=2");
        assertEquals(308, response.statusCode());
        assertEquals("https://blog.example.com:" + httpsPort + "/posts?page=2",
                response.headers().firstValue("Location").orElse(null));
    }

    @Test
    void whatOthersConfiguredSurvives() throws Exception {
        keepAcmeOffTheInternet("blog.example.com");
        int otherPort = Ports.free();
        admin.post("/config/apps/http/servers/other", new ObjectMapper().readTree(
                "{\"listen\": [\"127.0.0.1:" + otherPort + "\"]}"));
        router.apply(List.of(blog()));
        assertNotNull(admin.get("/config/apps/http/servers/other"));
        assertEquals(2, admin.get("/config/apps/tls/automation/policies").size());
    }

    @Test
    void aLocalNameIsServedOverHttpsByCaddysInternalCa() throws Exception {
        serve(slotA, "release A");
        router.apply(List.of(blog()));
        String response = eventually(() -> {
            try (SSLSocket socket = tlsSocket("blog.localhost")) {
                String issuer = ((X509Certificate) socket.getSession().getPeerCertificates()[0])
                        .getIssuerX500Principal().getName();
                assertTrue(issuer.contains("Caddy Local Authority"), issuer);
                return exchange(socket, "blog.localhost");
            }
        });
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        assertTrue(response.endsWith("release A"), response);
    }

    @Test
    void removingAnAppRemovesItsRoutes() throws Exception {
        serve(slotA, "release A");
        router.apply(List.of(blog()));
        assertNotNull(admin.get("/id/hiy-http-blog"));
        router.apply(List.of());
        assertNull(admin.get("/id/hiy-http-blog"));
        assertNull(admin.get("/id/hiy-https-blog"));
        assertEquals(404, get("blog.localhost").statusCode());
    }

    @Test
    void closeStopsTheCaddyItStarted() {
        assertTrue(caddy.startedByHiy());
        assertTrue(admin.answers());
        caddy.close();
        assertFalse(admin.answers());
    }

    private AppRoute blog() {
        return new AppRoute("blog", List.of("blog.localhost"), List.of(slotA, slotB), List.of(slotA, slotB));
    }

    /** A policy of someone else's that sends ACME for this name to a closed loopback port instead of a public CA. */
    private void keepAcmeOffTheInternet(String domain) throws Exception {
        admin.post("/config/apps/tls", new ObjectMapper().readTree("""
                {"automation": {"policies": [{"subjects": ["%s"],
                  "issuers": [{"module": "acme", "ca": "http://127.0.0.1:%d/directory"}]}]}}"""
                .formatted(domain, Ports.free())));
    }

    private LoopbackResponder serve(int port, String body) throws IOException {
        LoopbackResponder server = LoopbackResponder.serve(port, body);
        upstreams.add(server);
        return server;
    }

    private HttpResponse<String> get(String host) throws Exception {
        return get(host, "/");
    }

    private HttpResponse<String> post(String host, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/"))
                .header("Host", host)
                .timeout(DEADLINE)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String host, String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + pathAndQuery))
                .header("Host", host)
                .timeout(DEADLINE)
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private SSLSocket tlsSocket(String serverName) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new TrustAll()}, null);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), httpsPort);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    /** One HTTP/1.1 request on an open connection, leaving it open; returns the status line and the body. */
    private static String exchange(Socket socket, String host) throws IOException {
        socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        List<String> head = new ArrayList<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            head.add(line);
        }
        int length = head.stream()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .map(line -> Integer.parseInt(line.substring("content-length:".length()).trim()))
                .findFirst()
                .orElseThrow(() -> new IOException("no Content-Length in " + head));
        return head.get(0) + "\n" + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new EOFException("connection closed");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static <T> T eventually(Callable<T> attempt) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (true) {
            try {
                return attempt.call();
            } catch (Exception | AssertionError e) {
                if (Instant.now().isAfter(deadline)) {
                    fail("still failing after " + DEADLINE.toSeconds() + " s", e);
                }
                Thread.sleep(100);
            }
        }
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
