package hiy.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit log keeps what was typed as it was typed, but never more than a field's worth of it. */
class AuditTest {
    @TempDir
    Path dir;

    @Test
    void keepsTextAsTypedAndCutsItWithAMarker() {
        Audit audit = new Audit(Database.open(dir.resolve("hiy.db")));
        audit.record("bob", "SHA256:x", "/127.0.0.1:1", "apps:create a\nforged \u001b[2J", "a\nforged", "exit 1");
        audit.record("bob", "SHA256:x", "/127.0.0.1:1", "apps:create " + "x".repeat(10_000), "y".repeat(500), "exit 1");

        Audit.Entry longOne = audit.latest(null, 2).get(0);
        assertEquals(Audit.MAX_FIELD + "…[cut, 10012 chars]".length(), longOne.action().length(), longOne.action());
        assertTrue(longOne.action().endsWith("x…[cut, 10012 chars]"), longOne.action());
        assertTrue(longOne.app().endsWith("…[cut, 500 chars]"), longOne.app());
        Audit.Entry forged = audit.latest(null, 2).get(1);
        assertEquals("apps:create a\nforged \u001b[2J", forged.action(), "stored raw; escaped where it is shown");
    }

    @Test
    void aCutNeverSplitsACharacter() {
        String cut = Audit.cut("x".repeat(Audit.MAX_FIELD - 1) + "😀😀");
        assertFalse(Character.isHighSurrogate(cut.charAt(Audit.MAX_FIELD - 1)), cut);
        assertTrue(cut.startsWith("x".repeat(Audit.MAX_FIELD - 1) + "…"), cut);
        assertEquals("short", Audit.cut("short"));
    }
}
