package hiy.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jooq.DSLContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** apps:rename's records: every row that names the app names the new one, in one transaction, references intact. */
class AppRenameRecordsTest {
    @TempDir
    Path dir;

    @Test
    void everyTableThatRefersToTheAppFollows() {
        Database db = Database.open(dir.resolve("hiy.db"));
        Apps apps = new Apps(db);
        DSLContext sql = db.sql();
        sql.execute("INSERT INTO users(name, is_admin, created_at) VALUES ('bob', 0, 0)");
        apps.create("blog", List.of(41001, 41002), "alice");
        apps.create("shop", List.of(41003, 41004), "alice");
        for (String app : List.of("blog", "shop")) {
            sql.execute("INSERT INTO releases(app, version, image, image_id, sha, app_port, kind, status, created_by,"
                    + " created_at) VALUES (?, 1, ?, 'sha256:1', 'abc', 5000, 'deploy', 'live', 'alice', 0)", app,
                    "hiy/" + app + ":v1-0000abcd");
            sql.execute("INSERT INTO releases(app, version, image, image_id, sha, app_port, kind, status, created_by,"
                    + " created_at) VALUES (?, 2, ?, 'sha256:1', 'abc', 5000, 'config', 'live', 'alice', 0)", app,
                    "hiy/" + app + ":v1-0000abcd");
            sql.execute("INSERT INTO access(app, user_name, granted_by, granted_at) VALUES (?, 'bob', 'alice', 0)", app);
            sql.execute("INSERT INTO config(app, key, value_age, updated_at) VALUES (?, 'K', x'00', 0)", app);
            sql.execute("INSERT INTO domains(host, app, added_at) VALUES (?, ?, 0)", "www." + app + ".test", app);
            sql.execute("INSERT INTO formation(app, type, quantity) VALUES (?, 'web', 2)", app);
            sql.execute("INSERT INTO volumes(app, name, path, created_at) VALUES (?, 'data', '/data', 0)", app);
            sql.execute("INSERT INTO labels(app, key, value) VALUES (?, 'team', 'a')", app);
            sql.execute("INSERT INTO limits(app, process, memory_mb) VALUES (?, '', 256)", app);
            sql.execute("INSERT INTO maintenance(app, since) VALUES (?, 0)", app);
            sql.execute("INSERT INTO builds(app, sha, ref, status, trigger, requested_by, queued_at, log_path)"
                    + " VALUES (?, 'abc', 'main', 'succeeded', 'push', 'alice', 0, '/x')", app);
            sql.execute("INSERT INTO audit(at, user_name, fingerprint, client, action, app, outcome)"
                    + " VALUES (0, 'alice', 'f', 'c', 'push', ?, 'exit 0')", app);
            apps.setCurrentRelease(app, 2);
        }
        Map<String, String> referring = apps.referringColumns();
        assertTrue(referring.keySet().containsAll(List.of("releases", "builds", "access", "config", "domains",
                "checks", "slots", "formation", "processes", "tokens", "webhooks", "builders", "volumes", "limits",
                "labels", "maintenance", "audit")), referring.toString());

        apps.rename("blog", "journal", Map.of("hiy/blog:v1-0000abcd", "hiy/journal:v1-0000abcd"));

        for (Map.Entry<String, String> t : referring.entrySet()) {
            String count = "SELECT count(*) FROM \"" + t.getKey() + "\" WHERE \"" + t.getValue() + "\" = ?";
            assertEquals(0, sql.fetchOne(count, "blog").get(0, Integer.class), t.getKey() + " names blog no more");
            assertEquals(sql.fetchOne(count, "shop").get(0, Integer.class),
                    sql.fetchOne(count, "journal").get(0, Integer.class), t.getKey() + " has journal's rows");
        }
        assertTrue(sql.fetch("PRAGMA foreign_key_check").isEmpty());
        Apps.App journal = apps.find("journal").orElseThrow();
        assertEquals(List.of(41001, 41002), journal.slots());
        assertEquals(2, journal.currentRelease());
        assertEquals(List.of("hiy/journal:v1-0000abcd"), sql.fetch("SELECT DISTINCT image FROM releases WHERE app ="
                + " 'journal'").getValues(0, String.class), "both releases name the image by its new tag");
        assertTrue(apps.find("blog").isEmpty());
    }
}
