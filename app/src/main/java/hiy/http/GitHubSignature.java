package hiy.http;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** GitHub's X-Hub-Signature-256: "sha256=" and the hex HMAC-SHA256 of the raw body under the webhook's secret. */
final class GitHubSignature {
    private static final String PREFIX = "sha256=";

    private GitHubSignature() { }

    static String of(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no HmacSHA256", e);
        }
    }

    /** Whether the header is the body's signature; compared in constant time, so timing tells nothing of it. */
    static boolean valid(String secret, byte[] body, String header) {
        if (header == null) return false;
        byte[] expected = of(secret, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, header.strip().toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }
}
