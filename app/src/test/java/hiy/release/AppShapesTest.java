package hiy.release;

import hiy.config.Settings;
import hiy.model.Instance;
import hiy.runtime.ProcessShape;
import hiy.runtime.UserLabels;
import hiy.runtime.VolumeMount;
import hiy.store.Apps;
import hiy.store.Database;
import hiy.store.Labels;
import hiy.store.Limits;
import hiy.store.Volumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shape of an app's containers on a real SQLite (schema V006): limits by type over app over settings, volumes, labels. */
class AppShapesTest {
    @TempDir
    Path dir;

    @Test
    void aTypesLimitsWinOverTheAppsWhichWinOverTheSettings() {
        Database db = Database.open(dir.resolve("hiy.db"));
        new Apps(db).create("blog", List.of(21000, 21001), "alice");
        Volumes volumes = new Volumes(db);
        Limits limits = new Limits(db);
        Labels labels = new Labels(db);
        AppShapes shapes = new AppShapes(volumes, limits, labels,
                Settings.from(Map.of("HIY_MEMORY_MB", "300", "HIY_CPUS", "0.75")));
        assertEquals(ProcessShape.limits(300L << 20, 0.75), shapes.of("blog", "web"));

        limits.put("blog", Limits.ALL, new Limits.Limit(256, null));
        limits.put("blog", "worker", new Limits.Limit(null, 0.25));
        assertEquals(256L << 20, shapes.of("blog", "web").memoryBytes());
        assertEquals(0.75, shapes.of("blog", "web").cpus());
        assertEquals(256L << 20, shapes.of("blog", "worker").memoryBytes());
        assertEquals(0.25, shapes.of("blog", "worker").cpus());
        assertEquals(0.75, shapes.of("blog", AppShapes.ONE_OFF).cpus());

        volumes.mount("blog", "data", "/data", false);
        volumes.mount("blog", "old", "/old", false);
        volumes.unmount("blog", "old");
        labels.set("blog", Map.of("com.example.team", "web"));
        assertEquals(List.of(new VolumeMount("data", "/data")), shapes.of("blog", "web").volumes());
        assertEquals(Map.of("com.example.team", "web"), shapes.of("blog", "web").labels());
        assertFalse(shapes.exclusive("blog"));
        volumes.mount("blog", "data", "/data", true);
        assertTrue(shapes.exclusive("blog"));

        new Apps(db).delete("blog");
        assertEquals(List.of(), volumes.of("blog"), "the records go with the app (the Podman volumes stay)");
        assertEquals(Map.of(), limits.of("blog"));
    }

    @Test
    void volumeNamesAndPathsFollowOneRule() {
        for (String ok : List.of("/data", "/app/uploads", "/var/lib/blog", "/srv/a.b_c-d@e+f")) new VolumeMount("data", ok);
        for (String bad : new String[] {null, "", "data", "/", "/proc", "/proc/1", "/sys", "/sys/fs", "/dev", "/dev/shm",
                "/run", "/run/x", "/etc", "/usr", "/var", "/tmp", "/data/..", "/data/../etc", "/./data", "/data//x",
                "/data/", "/da ta", "/da\nta", "/da$ta", "/da\\ta", "/" + "a".repeat(201), "/.."}) {
            assertThrows(IllegalArgumentException.class, () -> new VolumeMount("data", bad), String.valueOf(bad));
        }
        for (String bad : new String[] {null, "", "Data", "a-b", "_a", "1a", "a".repeat(31), "../x", "a/b", "a.b"}) {
            assertThrows(IllegalArgumentException.class, () -> new VolumeMount(bad, "/data"), String.valueOf(bad));
        }
        assertEquals("hiy-0123abcd-my-app-data", new Instance("0123abcd").volume("my-app", "data"));
    }

    @Test
    void hiyLabelsAreNotTheUsers() {
        for (String bad : new String[] {"hiy.app", "HIY.instance", "Hiy.x", "-x", "a b", "", "x".repeat(129), "a=b"}) {
            assertThrows(IllegalArgumentException.class, () -> UserLabels.checkKey(bad), bad);
        }
        UserLabels.checkKey("com.example.team");
        UserLabels.checkKey("hiyx");
        assertThrows(IllegalArgumentException.class, () -> UserLabels.checkValue("k", "a\u0007b"));
        assertThrows(IllegalArgumentException.class, () -> UserLabels.checkValue("k", "v".repeat(257)));
        UserLabels.checkValue("k", "a b=c");
    }
}
