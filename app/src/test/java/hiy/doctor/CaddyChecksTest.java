package hiy.doctor;

import hiy.config.Setting;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaddyChecksTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final Path LOG = Path.of("/d/caddy/caddy.log");

    @Test
    void aTrustedCertificateFarFromItsEndIsOk() {
        Finding f = CaddyChecks.certificate("blog.example.com", new CertificateProbe.Served(true, true,
                NOW.plus(Duration.ofDays(60)), "CN=R11,O=Let's Encrypt,C=US", null), NOW, LOG);
        assertEquals(Finding.Level.OK, f.level());
        assertEquals("blog.example.com: valid until 2027-01-31T12:00:00Z, issuer CN=R11,O=Let's Encrypt,C=US", f.detail());
    }

    @Test
    void oneCloseToItsEndWarnsThatRenewalFails() {
        Finding f = CaddyChecks.certificate("blog.example.com", new CertificateProbe.Served(true, true,
                NOW.plus(Duration.ofDays(13)), "CN=R11", null), NOW, LOG);
        assertEquals(Finding.Level.WARN, f.level());
        assertTrue(f.detail().contains("renewing fails"), f.detail());
    }

    @Test
    void noCertificateOrAnUntrustedOneFailsWithWhatToDo() {
        Finding none = CaddyChecks.certificate("blog.example.com", new CertificateProbe.Served(false, false, null, null,
                "Received fatal alert: internal_error"), NOW, LOG);
        assertEquals(Finding.Level.FAIL, none.level());
        assertTrue(none.detail().contains("serves no certificate") && none.detail().contains("internal_error"));
        assertTrue(none.fix().contains("grep blog.example.com /d/caddy/caddy.log"), none.fix());
        assertTrue(none.fix().contains("domains:remove APP blog.example.com"), none.fix());

        Finding internal = CaddyChecks.certificate("blog.example.com", new CertificateProbe.Served(true, false,
                NOW.plus(Duration.ofDays(1)), "CN=Caddy Local Authority - ECC Intermediate",
                "PKIX path building failed"), NOW, LOG);
        assertEquals(Finding.Level.FAIL, internal.level());
        assertTrue(internal.detail().contains("Caddy Local Authority") && internal.detail().contains("not trusted"));
    }

    @Test
    void aPortIsOkOnlyWhenCaddysServerIsOnItAndItAccepts() {
        assertEquals(Finding.Level.OK, CaddyChecks.listener("http port", 80, Setting.HTTP_PORT, true,
                Optional.of("hiy_http"), true, LOG).level());
        Finding notAccepting = CaddyChecks.listener("http port", 80, Setting.HTTP_PORT, true, Optional.of("hiy_http"),
                false, LOG);
        assertEquals(Finding.Level.FAIL, notAccepting.level());
        assertTrue(notAccepting.fix().contains(LOG.toString()), notAccepting.fix());
        Finding someoneElse = CaddyChecks.listener("https port", 443, Setting.HTTPS_PORT, true, Optional.empty(), true,
                LOG);
        assertEquals(Finding.Level.FAIL, someoneElse.level());
        assertTrue(someoneElse.detail().contains("another program"), someoneElse.detail());
        assertTrue(someoneElse.fix().contains("HIY_HTTPS_PORT"), someoneElse.fix());
        assertEquals(Finding.Level.WARN, CaddyChecks.listener("http port", 80, Setting.HTTP_PORT, false,
                Optional.empty(), true, LOG).level(), "something listens, but whether it is Caddy is unknown");
        assertEquals(Finding.Level.FAIL, CaddyChecks.listener("http port", 80, Setting.HTTP_PORT, false,
                Optional.empty(), false, LOG).level());
    }
}
