package hiy.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GitHubSignatureTest {
    private static final String SECRET = "It's a Secret to Everybody";
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    /** GitHub's documented test vector ("Validating webhook deliveries"). */
    private static final String SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void githubsTestVector() {
        assertEquals(SIGNATURE, GitHubSignature.of(SECRET, BODY));
        assertTrue(GitHubSignature.valid(SECRET, BODY, SIGNATURE));
        assertTrue(GitHubSignature.valid(SECRET, BODY, SIGNATURE.toUpperCase().replace("SHA256=", "sha256=")), "hex in any case");
    }

    @Test
    void anythingElseIsRefused() {
        assertFalse(GitHubSignature.valid(SECRET, BODY, null), "missing");
        assertFalse(GitHubSignature.valid(SECRET, BODY, ""), "empty");
        assertFalse(GitHubSignature.valid(SECRET, BODY, SIGNATURE.substring(7)), "without sha256=");
        assertFalse(GitHubSignature.valid(SECRET, BODY, SIGNATURE.substring(0, SIGNATURE.length() - 1)), "cut");
        assertFalse(GitHubSignature.valid(SECRET, BODY, SIGNATURE.replace("757", "758")), "one digit off");
        assertFalse(GitHubSignature.valid("another secret", BODY, SIGNATURE), "other secret");
        assertFalse(GitHubSignature.valid(SECRET, "Hello, World?".getBytes(StandardCharsets.UTF_8), SIGNATURE), "other body");
        assertFalse(GitHubSignature.valid(SECRET, BODY, "sha1=" + SIGNATURE.substring(7)), "other algorithm");
    }
}
