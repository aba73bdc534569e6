package hiy.host;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcFieldsTest {
    @Test
    void kilobyteFieldsAreReadInBytes() {
        String text = "MemTotal:       24683584 kB\nMemFree:        1000 kB\nMemAvailable:   20000000 kB\n";
        assertEquals(24683584L * 1024, ProcFields.bytes(text, "MemTotal").orElseThrow());
        assertEquals(20000000L * 1024, ProcFields.bytes(text, "MemAvailable").orElseThrow());
        assertTrue(ProcFields.bytes(text, "Mem").isEmpty(), "a prefix of a field is not the field");
        assertTrue(ProcFields.bytes("MemTotal: lots kB\n", "MemTotal").isEmpty());
        assertEquals(5120, ProcFields.bytes("Name:\tnode\nVmRSS:\t    5 kB\n", "VmRSS").orElseThrow());
    }

    @Test
    void statFieldsStartAfterTheLastParenthesisOfTheName() {
        String line = "42 (a) b (c)) S 1 42 42 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 1 0 555 1000 10\n";
        String[] fields = ProcFields.stat(line).orElseThrow();
        assertEquals("S", fields[0]);
        assertEquals("1", fields[1], "field 4, the parent");
        assertEquals("7", fields[14 - 3], "field 14, utime");
        assertEquals("555", fields[22 - 3], "field 22, the start time");
        assertEquals("10", fields[fields.length - 1], "the line's end is no part of its last field");
    }

    @Test
    void aStatLineCutShortHasNoFields() {
        assertTrue(ProcFields.stat("42 (sh) S 1 42").isEmpty());
        assertTrue(ProcFields.stat("42 (sh").isEmpty());
        assertTrue(ProcFields.stat("").isEmpty());
    }
}
