package hiy.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import hiy.config.Setting;
import hiy.config.Settings;
import hiy.routing.CaddyAdmin;
import hiy.routing.RoutingFailure;
import hiy.store.DataDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Caddy as HIY routes through it: its admin API, its HTTP and HTTPS listeners, the certificates of real names. */
final class CaddyChecks {
    /** Caddy renews 30 days before expiry; a certificate this close to its end means renewals fail. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(14);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private CaddyChecks() {}

    static void examine(Settings settings, DataDir data, Consumer<Finding> out) {
        CaddyAdmin admin = new CaddyAdmin(settings.caddyAdmin());
        Path log = data.caddy().resolve("caddy.log");
        JsonNode config = null;
        if (!admin.answers()) {
            out.accept(Finding.fail("caddy admin", "no Caddy admin API answers at " + admin.base() + " ("
                    + Setting.CADDY_ADMIN.env() + ")", "start HIY (infra/hiy server starts its own Caddy and starts it"
                    + " again when it dies); if it does not start, see " + log));
        } else {
            try {
                config = admin.get("/config/");
                out.accept(Finding.ok("caddy admin", "answers at " + admin.base()));
            } catch (RoutingFailure e) {
                out.accept(Finding.fail("caddy admin", e.getMessage(), "check what listens at " + admin.base()
                        + " (ss -ltnp), and see " + log));
            }
        }
        out.accept(port("http port", settings.httpPort(), Setting.HTTP_PORT, config, log));
        out.accept(port("https port", settings.httpsPort(), Setting.HTTPS_PORT, config, log));
        if (config == null) return;
        Set<String> hosts = CaddyConfig.realHosts(config);
        if (hosts.isEmpty()) {
            out.accept(Finding.ok("certificates", "no real domains routed (local names such as *.localhost get"
                    + " Caddy's internal certificates)"));
        }
        for (String host : hosts) {
            out.accept(certificate(host, CertificateProbe.probe(settings.httpsPort(), host), Instant.now(), log));
        }
    }

    /** @param config Caddy's config, or null when its admin API did not give it */
    private static Finding port(String name, int port, Setting<Integer> setting, JsonNode config, Path log) {
        boolean accepts = accepts(port);
        Optional<String> server = config == null ? Optional.empty() : CaddyConfig.serverOn(config, port);
        return listener(name, port, setting, config != null, server, accepts, log);
    }

    static Finding listener(String name, int port, Setting<Integer> setting, boolean configKnown, Optional<String> server,
                            boolean accepts, Path log) {
        String restart = "restart HIY (infra/hiy server): it loads its servers into Caddy; if the port is another"
                + " program's, " + setting.env() + " picks another";
        if (!configKnown) {
            return accepts ? Finding.warn(name, "something accepts connections on 127.0.0.1:" + port + ", but Caddy's"
                    + " config cannot be read to tell whether it is Caddy", "get Caddy's admin API answering (above)")
                    : Finding.fail(name, "nothing accepts connections on 127.0.0.1:" + port, restart);
        }
        if (server.isEmpty()) {
            return Finding.fail(name, "no Caddy server listens on port " + port
                    + (accepts ? " (another program accepts connections there)" : ""), restart);
        }
        if (!accepts) {
            return Finding.fail(name, "Caddy's server " + server.get() + " is set to listen on port " + port
                    + ", but nothing accepts connections on 127.0.0.1:" + port, "see why in " + log
                    + ", then restart HIY (infra/hiy server)");
        }
        return Finding.ok(name, "Caddy's server " + server.get() + " listens on port " + port);
    }

    static Finding certificate(String host, CertificateProbe.Served served, Instant now, Path log) {
        String fix = "point " + host + "'s DNS at this box and let ports 80 and 443 in from the internet, Caddy"
                + " retries by itself (why it failed: grep " + host + " " + log + "); or stop routing it: ssh hiy@box"
                + " domains:remove APP " + host;
        if (!served.certificate()) {
            return Finding.fail("certificate", host + ": Caddy serves no certificate for it (" + served.problem()
                    + ")", fix);
        }
        String until = served.notAfter().truncatedTo(ChronoUnit.SECONDS).toString();
        if (!served.trusted()) {
            return Finding.fail("certificate", host + ": the certificate served (issuer " + served.issuer()
                    + ") is not trusted: " + served.problem(), fix);
        }
        if (served.notAfter().isBefore(now.plus(EXPIRY_WARNING))) {
            return Finding.warn("certificate", host + ": expires " + until + ", and Caddy renews 30 days ahead:"
                    + " renewing fails", fix);
        }
        return Finding.ok("certificate", host + ": valid until " + until + ", issuer " + served.issuer());
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) CONNECT_TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
