package hiy.release;

import hiy.model.BuiltImage;
import hiy.model.BuiltSite;
import hiy.model.Procfile;
import hiy.store.Releases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A static site's releases against the in-memory router and engine: each is one route change to a folder. */
class StaticReleaseTest {
    private static final String APP = "docs";

    @TempDir
    Path dir;
    private FakeBox box;

    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void setUp() {
        box = new FakeBox(dir, Map.of("HIY_KEEP_RELEASES", "2"));
        box.create(APP);
    }

    @AfterEach
    void tearDown() {
        box.close(APP);
    }

    private BuiltSite site(String id) throws Exception {
        Path staged = box.sites.stage();
        Files.writeString(staged.resolve("index.html"), id);
        return new BuiltSite(staged, id, 1);
    }

    private Releases.Release deploySite(String id) throws Exception {
        return box.releaseSwitch.deploySite(APP, site(id), "abc123", "alice", log::add);
    }

    private static String id(char c) {
        return String.valueOf(c).repeat(32);
    }

    @Test
    void aSiteGoesLiveConfigAndRollbackPointTheRouteAtAFolderAndNothingRuns() throws Exception {
        Releases.Release v1 = deploySite(id('a'));
        assertTrue(v1.isStatic());
        assertEquals(Optional.of(box.sites.folder(APP, id('a'))), box.router.site(APP));
        assertTrue(box.runtime.containersOf(APP).isEmpty());
        assertTrue(new ExpectedProcesses(box.releases, box.processes, box.formation, box.runtime).of(box.apps.find(APP).orElseThrow()).isEmpty(),
                "nothing for the supervisor to revive");

        Optional<Releases.Release> v2 = box.releaseSwitch.reconfigure(APP, () -> box.config.set(APP, Map.of("A", "1")), true,
                "alice", log::add);
        assertEquals(id('a'), v2.orElseThrow().site(), "a box.config release serves the same folder");
        assertEquals(Optional.of(box.sites.folder(APP, id('a'))), box.router.site(APP));

        deploySite(id('b'));
        assertEquals(Optional.of(box.sites.folder(APP, id('b'))), box.router.site(APP));
        Releases.Release back = box.releaseSwitch.rollback(APP, 1, "alice", log::add);
        assertEquals("rollback v1", back.kind());
        assertEquals(Optional.of(box.sites.folder(APP, id('a'))), box.router.site(APP));
        assertEquals(Map.of(), box.config.of(APP), "the box.config went back with the rollback");

        assertThrows(ScaleRefused.class, () -> box.releaseSwitch.scale(APP, Map.of(Procfile.WEB, 2), log::add));
        assertEquals(back.version(), box.releaseSwitch.restart(APP, "alice", log::add).version(), "nothing to restart");
        assertTrue(log.contains("-----> " + APP + " is a static site: Caddy serves its files, there is no process to restart"));

        deploySite(id('c'));
        assertTrue(box.sites.has(APP, id('c')) && box.sites.has(APP, id('a')), "HIY_KEEP_RELEASES=2: c and a served last");
        assertFalse(box.sites.has(APP, id('b')));
        assertThrows(SwitchFailure.class, () -> box.releaseSwitch.rollback(APP, 3, "alice", log::add),
                "b's folder is gone");

        box.releaseSwitch.destroy(APP, false);
        assertFalse(Files.exists(dir.resolve("box.sites").resolve(APP)));
    }

    @Test
    void fromContainersToASiteTheRouteMovesFirstThenTheContainersStop() throws Exception {
        box.releaseSwitch.deploy(APP, new BuiltImage("img-v1", "sha256:img", BuiltImage.DEFAULT_PORT),
                Procfile.parse("web: serve\n"), "abc", "alice", log::add);
        assertEquals(1, box.router.serving(APP).size());
        deploySite(id('d'));
        assertEquals(Optional.of(box.sites.folder(APP, id('d'))), box.router.site(APP));
        assertTrue(box.router.serving(APP).isEmpty());
        assertTrue(box.runtime.containersOf(APP).stream().noneMatch(box.runtime::isRunning), "the container was retired");

        box.releaseSwitch.deploy(APP, new BuiltImage("img-v3", "sha256:img3", BuiltImage.DEFAULT_PORT),
                Procfile.parse("web: serve\n"), "abc", "alice", log::add);
        assertEquals(Optional.empty(), box.router.site(APP));
        assertEquals(1, box.router.serving(APP).size());
    }
}
