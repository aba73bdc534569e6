package hiy.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A database from before process types (schema V003, with data) keeps everything through V004. */
class MigrationTest {
    @TempDir
    Path dir;

    @Test
    void appsFromBeforeProcessTypesKeepTheirSlotsReleasesAccessAndConfig() throws Exception {
        Path file = dir.resolve("hiy.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
            for (String name : List.of("V001__init.sql", "V002__operate.sql", "V003__checks.sql")) {
                for (String sql : script(name).split(";\\s*\\n")) {
                    if (!sql.isBlank()) s.execute(sql);
                }
            }
            s.execute("INSERT INTO schema_version VALUES (1, 0), (2, 0), (3, 0)");
            s.execute("INSERT INTO users VALUES ('alice', 1, 0)");
            s.execute("INSERT INTO apps(name, slot_a, slot_b, current_release, created_by, created_at, stopped)"
                    + " VALUES ('blog', 21000, 21001, 2, 'alice', 0, 0)");
            s.execute("INSERT INTO releases VALUES ('blog', 1, 'hiy/blog:v1', 'sha256:1', 'abc', 'hiy-blog-v1', 21000,"
                    + " 5000, 'deploy', 'retired', 'alice', 0, x'01')");
            s.execute("INSERT INTO releases VALUES ('blog', 2, 'hiy/blog:v2', 'sha256:2', 'def', 'hiy-blog-v2-b', 21001,"
                    + " 5000, 'config', 'live', 'alice', 0, x'02')");
            s.execute("INSERT INTO access VALUES ('blog', 'alice', 'alice', 0)");
            s.execute("INSERT INTO config VALUES ('blog', 'KEY', x'03', 0)");
            s.execute("INSERT INTO domains VALUES ('blog.example.com', 'blog', 0)");
        }

        Database db = Database.open(file);
        Apps.App blog = new Apps(db).find("blog").orElseThrow();
        assertEquals(List.of(21000, 21001), blog.slots());
        assertEquals(2, blog.currentRelease());
        Releases releases = new Releases(db);
        assertEquals(List.of(2, 1), releases.of("blog").stream().map(Releases.Release::version).toList());
        assertArrayEquals(new byte[] {2}, releases.sealedEnv("blog", 2));
        assertEquals(List.of(new Processes.AppProcess("hiy-blog-v2-b", "blog", 2, "web", 1, 21001)),
                new Processes(db).of("blog"), "the running container is known as web.1");
        assertTrue(new Access(db).granted("blog", "alice"), "access survives the rebuilt apps table");
        assertEquals(List.of("blog.example.com"), new Domains(db).of("blog"));
        assertEquals(1, db.sql().fetchCount(db.sql().selectFrom("config")), "config survives the rebuilt apps table");
        assertEquals(Map.of(), new Formation(db).of("blog"));
        assertEquals(1, new Formation(db).quantity("blog", "web"));
    }

    private static String script(String name) throws Exception {
        try (InputStream in = MigrationTest.class.getClassLoader().getResourceAsStream("db/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
