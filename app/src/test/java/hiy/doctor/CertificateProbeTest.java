package hiy.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe against real TLS servers on loopback: one with a self-signed certificate, one that serves none. */
class CertificateProbeTest {
    @Test
    void aSelfSignedCertificateIsSeenButNotTrusted(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=blog.example.com", "-validity", "30",
                "-ext", "SAN=dns:blog.example.com", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0,
                new String(keytool.getInputStream().readAllBytes()));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        try (SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread accept = daemon(() -> {
                try (SSLSocket client = (SSLSocket) server.accept()) {
                    client.startHandshake();
                } catch (Exception expected) {
                    // the probe rejects the certificate and hangs up
                }
            });
            CertificateProbe.Served served = CertificateProbe.probe(server.getLocalPort(), "blog.example.com");
            accept.join(10_000);
            assertTrue(served.certificate(), served.toString());
            assertFalse(served.trusted(), "a self-signed certificate is not trusted: " + served);
            assertEquals("CN=blog.example.com", served.issuer());
            assertTrue(served.notAfter().isAfter(Instant.now().plus(Duration.ofDays(29))), served.toString());
            assertTrue(served.problem() != null && !served.problem().isBlank(), served.toString());
        }
    }

    @Test
    void aServerThatHangsUpServesNoCertificate() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            daemon(() -> {
                try (Socket client = server.accept()) {
                    client.getOutputStream().write("not TLS\n".getBytes());
                } catch (Exception ignored) {
                    // nothing to do
                }
            });
            CertificateProbe.Served served = CertificateProbe.probe(server.getLocalPort(), "blog.example.com");
            assertFalse(served.certificate(), served.toString());
            assertTrue(served.problem() != null && !served.problem().isBlank(), served.toString());
        }
    }

    private static Thread daemon(Runnable body) {
        Thread t = new Thread(body, "tls-test-server");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void aPortNobodyListensOnServesNoCertificate() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CertificateProbe.Served served = CertificateProbe.probe(port, "blog.example.com");
        assertFalse(served.certificate());
        assertTrue(served.problem().contains("127.0.0.1:" + port), served.problem());
    }
}
