package hiy.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {
    @Test
    void defaultsApplyWhenNothingIsSet() {
        Settings s = Settings.from(Map.of());
        assertEquals(2222, s.sshPort());
        assertEquals(80, s.httpPort());
        assertEquals("localhost", s.domain());
        assertEquals(Path.of(System.getProperty("user.home"), ".hiy"), s.dataDir());
        assertEquals(512L * 1024 * 1024, s.memoryBytes());
        assertTrue(s.podmanSocket().isEmpty());
        assertTrue(s.backupDir().isEmpty(), "no scheduled backups unless asked");
        assertEquals(30, s.backupKeep());
        assertTrue(s.recorded().contains("HIY_SSH_PORT=2222\n"), s.recorded());
    }

    @Test
    void badValuesNameTheVariableAndTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Map.of("HIY_SSH_PORT", "lots")));
        assertTrue(e.getMessage().startsWith("HIY_SSH_PORT=lots is not valid: set it to"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of("HIY_HTTP_PORT", "70000")));
        assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of("HIY_DOMAIN", "Bad Domain")));
        assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of("HIY_CPUS", "-1")));
        assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of("HIY_CADDY_ADMIN", "nowhere")));
        assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of("HIY_BACKUP_DIR", "backups")));
        assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of("HIY_BACKUP_KEEP", "0")));
        assertEquals(Path.of("/var/backups/hiy"), Settings.from(Map.of("HIY_BACKUP_DIR", "/var/backups/hiy/")).backupDir().orElseThrow());
    }

    /** The README's table is the user's view of Setting: same names, same defaults, same order. */
    @Test
    void readmeTableMatchesTheSettings() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        StringBuilder expected = new StringBuilder();
        for (Setting<?> s : Setting.values()) {
            String def = s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`";
            expected.append("| `").append(s.env()).append("` | ").append(def).append(" | ")
                    .append(s.description()).append(" |\n");
        }
        assertTrue(readme.contains(expected), "README settings table should contain exactly:\n" + expected);
    }
}
