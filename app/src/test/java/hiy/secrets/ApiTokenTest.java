package hiy.secrets;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiTokenTest {
    @Test
    void aNewTokenHasTheShapeHiyChecksAndIsNeverTheSameTwice() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String token = ApiToken.generate();
            assertTrue(ApiToken.wellFormed(token), token);
            assertEquals(47, token.length());
            assertTrue(seen.add(token), "repeated: " + token);
        }
    }

    @Test
    void onlyTheExactShapeIsWellFormed() {
        String good = ApiToken.generate();
        assertFalse(ApiToken.wellFormed(null));
        assertFalse(ApiToken.wellFormed(""));
        assertFalse(ApiToken.wellFormed(good + "A"), "too long");
        assertFalse(ApiToken.wellFormed(good.substring(0, 46)), "too short");
        assertFalse(ApiToken.wellFormed("HIY_" + good.substring(4)), "prefix case");
        assertFalse(ApiToken.wellFormed(good.substring(0, 46) + "="), "padding");
        assertFalse(ApiToken.wellFormed(good.substring(0, 46) + "/"), "not base64url");
        assertFalse(ApiToken.wellFormed(good + "\n"), "trailing newline");
        assertFalse(ApiToken.wellFormed("hiy_" + "é".repeat(43)), "not ASCII");
    }

    @Test
    void theStoredHashIsSha256InHex() {
        // sha256("abc"), FIPS 180-2's test vector.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiToken.hash("abc"));
        String token = ApiToken.generate();
        assertNotEquals(token, ApiToken.hash(token));
        assertFalse(ApiToken.hash(token).contains(token.substring(4, 20)));
    }
}
