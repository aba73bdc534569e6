package hiy.doctor;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The certificate Caddy serves for a name, asked for as a browser would (SNI, the JDK's trusted CAs, the name checked)
 * but over loopback: a TLS handshake with 127.0.0.1 on HIY's HTTPS port. Nothing leaves the box.
 */
final class CertificateProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** What was served: nothing (problem says why), or a certificate that a browser trusts or not (problem: why not). */
    record Served(boolean certificate, boolean trusted, Instant notAfter, String issuer, String problem) {}

    private CertificateProbe() {}

    static Served probe(int httpsPort, String host) {
        Recorder recorder;
        SSLContext tls;
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            recorder = new Recorder((X509ExtendedTrustManager) factory.getTrustManagers()[0]);
            tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {recorder}, null);
        } catch (GeneralSecurityException | ClassCastException e) {
            return new Served(false, false, null, null, "the JDK's TLS cannot be set up: " + e.getMessage());
        }
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpsPort), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(host)));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
        } catch (SSLException e) {
            if (recorder.leaf == null) return new Served(false, false, null, null, e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            return new Served(false, false, null, null, "no TLS handshake with 127.0.0.1:" + httpsPort + ": " + e);
        }
        X509Certificate leaf = recorder.leaf;
        if (leaf == null) return new Served(false, false, null, null, "no certificate was served");
        return new Served(true, recorder.problem == null, leaf.getNotAfter().toInstant(),
                leaf.getIssuerX500Principal().getName(), recorder.problem);
    }

    /** Keeps the server's certificate and the system trust's verdict on it. */
    private static final class Recorder extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager system;
        private X509Certificate leaf;
        private String problem;

        Recorder(X509ExtendedTrustManager system) {
            this.system = system;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            if (chain.length > 0) leaf = chain[0];
            try {
                system.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                problem = e.getMessage();
                throw e;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("not used with an SSLEngine");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the name must be checked too");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("doctor is a client");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("doctor is a client");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("doctor is a client");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return system.getAcceptedIssuers();
        }
    }
}
