package hiy.http;

import hiy.secrets.ApiToken;
import org.junit.jupiter.api.Test;

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
