package hiy.ssh;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TerminalTextTest {
    @Test
    void controlCharactersBecomeVisible() {
        assertEquals("a\\nb\\r\\tc", TerminalText.escape("a\nb\r\tc"));
        assertEquals("\\x1b[2J\\x1b]0;pwned\\x07", TerminalText.escape("\u001b[2J\u001b]0;pwned\u0007"));
        assertEquals("\\x00\\x7f\\x9b", TerminalText.escape("\u0000\u007f\u009b"));
    }

    @Test
    void formatCharactersThatReorderTextBecomeVisible() {
        assertEquals("evil\\u202etxt.exe", TerminalText.escape("evil\u202etxt.exe"));
        assertEquals("a\\u2028b", TerminalText.escape("a\u2028b"));
    }

    @Test
    void aBackslashIsEscapedSoTypedEscapesCannotPassForRealOnes() {
        assertEquals("\\\\x1b", TerminalText.escape("\\x1b"));
    }

    @Test
    void printableTextIsUnchanged() {
        assertEquals("apps:create blog → ünïcode 日本", TerminalText.escape("apps:create blog → ünïcode 日本"));
        assertNull(TerminalText.escape(null));
    }

    @Test
    void longTextIsCutWithAMarker() {
        String cut = TerminalText.cap("x".repeat(5000), 200);
        assertTrue(cut.startsWith("x".repeat(200) + "…[cut, 5000 chars]"), cut);
        assertEquals(200 + "…[cut, 5000 chars]".length(), cut.length());
        assertEquals("short", TerminalText.cap("short", 200));
    }

    @Test
    void aCutNeverSplitsACharacter() {
        String cut = TerminalText.cap("x".repeat(199) + "😀😀", 200);
        assertFalse(Character.isHighSurrogate(cut.charAt(199)), cut);
        assertTrue(cut.startsWith("x".repeat(199) + "…"), cut);
    }
}
