package hiy.model;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QueryStringTest {
    @Test
    void pairsAreDecodedAndTheLastOfANameWins() {
        assertEquals(Map.of("part", "live", "section", "a b", "flag", ""),
                QueryString.parse("part=x&part=live&section=a%20b&flag"));
        assertEquals(Map.of(), QueryString.parse(null));
        assertEquals(Map.of(), QueryString.parse(""));
    }

    @Test
    void aBrokenEscapeNamesItsPair() {
        QueryString.Malformed e = assertThrows(QueryString.Malformed.class, () -> QueryString.parse("a=1&csrf=%zz"));
        assertEquals("csrf=%zz", e.pair());
    }
}
