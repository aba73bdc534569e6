package hiy.http;

import hiy.secrets.ApiToken;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuthenticatorTest {
    private final String token = ApiToken.generate();

    @Test
    void aBearerHeaderGivesItsToken() {
        assertEquals(Optional.of(token), Authenticator.bearer("Bearer " + token));
        assertEquals(Optional.of(token), Authenticator.bearer("bearer " + token), "the scheme is case-insensitive");
        assertEquals(Optional.of(token), Authenticator.bearer("Bearer  " + token + " "), "spaces around are ignored");
    }

    @Test
    void aBasicHeaderGivesItsUserAndPassword() {
        String encoded = java.util.Base64.getEncoder().encodeToString(("alice:" + token).getBytes());
        assertEquals(List.of("alice", token), List.of(Authenticator.basic("Basic " + encoded).orElseThrow()));
        String colon = java.util.Base64.getEncoder().encodeToString("alice:a:b".getBytes());
        assertEquals(List.of("alice", "a:b"), List.of(Authenticator.basic("basic " + colon).orElseThrow()), "the password may hold ':'");
        assertEquals(Optional.empty(), Authenticator.basic("Basic " + java.util.Base64.getEncoder().encodeToString(":x".getBytes())), "no user");
        assertEquals(Optional.empty(), Authenticator.basic("Basic " + java.util.Base64.getEncoder().encodeToString("nocolon".getBytes())));
        assertEquals(Optional.empty(), Authenticator.basic("Basic ###"), "not base64");
        assertEquals(Optional.empty(), Authenticator.basic("Bearer " + token));
        assertEquals(Optional.empty(), Authenticator.basic("Basic " + "QUFB".repeat(1000)), "too long");
        assertEquals(Optional.empty(), Authenticator.basic(null));
    }

    @Test
    void anythingElseGivesNoToken() {
        assertEquals(Optional.empty(), Authenticator.bearer(null));
        assertEquals(Optional.empty(), Authenticator.bearer(""));
        assertEquals(Optional.empty(), Authenticator.bearer(token), "no scheme");
        assertEquals(Optional.empty(), Authenticator.bearer("Basic " + token));
        assertEquals(Optional.empty(), Authenticator.bearer("Bearer"));
        assertEquals(Optional.empty(), Authenticator.bearer("Bearer " + token + " " + token), "two tokens");
        assertEquals(Optional.empty(), Authenticator.bearer("Bearer " + token.substring(0, 20)), "cut short");
        assertEquals(Optional.empty(), Authenticator.bearer("Bearer hiy_" + "x".repeat(10_000)), "too long");
    }
}
