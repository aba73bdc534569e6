package hiy.sshd;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
