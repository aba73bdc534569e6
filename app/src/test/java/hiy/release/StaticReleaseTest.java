package hiy.release;

import hiy.config.Settings;
import hiy.model.BuiltImage;
import hiy.model.BuiltSite;
import hiy.model.Procfile;
import hiy.routing.FakeRouter;
import hiy.routing.RouteTable;
import hiy.runtime.FakeRuntime;
import hiy.secrets.AgeSecrets;
import hiy.store.Apps;
import hiy.store.Checks;
import hiy.store.ConfigVars;
import hiy.store.Database;
import hiy.store.Domains;
import hiy.store.Formation;
import hiy.store.Labels;
import hiy.store.Limits;
import hiy.store.Maintenance;
import hiy.store.Processes;
import hiy.store.Releases;
import hiy.store.Sites;
import hiy.store.Volumes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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

    private final FakeRuntime runtime = new FakeRuntime();
    private final FakeRouter router = new FakeRouter();
    private final List<String> log = new ArrayList<>();
    private Apps apps;
    private Releases releases;
    private Processes processes;
    private Formation formation;
    private Sites sites;
    private ConfigVars config;
    private ReleaseSwitch releaseSwitch;
    private RouteTable routes;

    @BeforeEach
    void setUp() {
        Database db = Database.open(dir.resolve("hiy.db"));
        apps = new Apps(db);
        releases = new Releases(db);
        processes = new Processes(db);
        formation = new Formation(db);
        sites = new Sites(dir.resolve("sites"));
        Settings settings = Settings.from(Map.of("HIY_DATA_DIR", dir.toString(), "HIY_BOOT_TIMEOUT", "3",
                "HIY_STOP_GRACE", "1", "HIY_KEEP_RELEASES", "2"));
        routes = new RouteTable(apps, releases, processes, formation, new Domains(db), new Maintenance(db), sites,
                router, "localhost", 8080, 8443, java.util.OptionalInt.empty());
        config = new ConfigVars(db, AgeSecrets.openOrCreate(dir.resolve("age-identity.txt")));
        releaseSwitch = new ReleaseSwitch(apps, releases, processes, formation, config, new Checks(db), runtime,
                routes, SlotGate.off(), settings, new AppShapes(new Volumes(db), new Limits(db), new Labels(db), settings));
        apps.create(APP, Arrays.stream(Slots.pick(apps.usedSlots(), 4)).boxed().toList(), "alice");
    }

    @AfterEach
    void tearDown() {
        routes.close();
        runtime.containersOf(APP).forEach(name -> runtime.stopAndRemove(name, Duration.ZERO));
    }

    private BuiltSite site(String id) throws Exception {
        Path staged = sites.stage();
        Files.writeString(staged.resolve("index.html"), id);
        return new BuiltSite(staged, id, 1);
    }

    private Releases.Release deploySite(String id) throws Exception {
        return releaseSwitch.deploySite(APP, site(id), "abc123", "alice", log::add);
    }

    private static String id(char c) {
        return String.valueOf(c).repeat(32);
    }

    @Test
    void aSiteGoesLiveConfigAndRollbackPointTheRouteAtAFolderAndNothingRuns() throws Exception {
        Releases.Release v1 = deploySite(id('a'));
        assertTrue(v1.isStatic());
        assertEquals(Optional.of(sites.folder(APP, id('a'))), router.site(APP));
        assertTrue(runtime.containersOf(APP).isEmpty());
        assertTrue(new ExpectedProcesses(releases, processes, formation, runtime).of(apps.find(APP).orElseThrow()).isEmpty(),
                "nothing for the supervisor to revive");

        Optional<Releases.Release> v2 = releaseSwitch.reconfigure(APP, () -> config.set(APP, Map.of("A", "1")), true,
                "alice", log::add);
        assertEquals(id('a'), v2.orElseThrow().site(), "a config release serves the same folder");
        assertEquals(Optional.of(sites.folder(APP, id('a'))), router.site(APP));

        deploySite(id('b'));
        assertEquals(Optional.of(sites.folder(APP, id('b'))), router.site(APP));
        Releases.Release back = releaseSwitch.rollback(APP, 1, "alice", log::add);
        assertEquals("rollback v1", back.kind());
        assertEquals(Optional.of(sites.folder(APP, id('a'))), router.site(APP));
        assertEquals(Map.of(), config.of(APP), "the config went back with the rollback");

        assertThrows(ScaleRefused.class, () -> releaseSwitch.scale(APP, Map.of(Procfile.WEB, 2), log::add));
        assertEquals(back.version(), releaseSwitch.restart(APP, "alice", log::add).version(), "nothing to restart");
        assertTrue(log.contains("-----> " + APP + " is a static site: Caddy serves its files, there is no process to restart"));

        deploySite(id('c'));
        assertTrue(sites.has(APP, id('c')) && sites.has(APP, id('a')), "HIY_KEEP_RELEASES=2: c and a served last");
        assertFalse(sites.has(APP, id('b')));
        assertThrows(SwitchFailure.class, () -> releaseSwitch.rollback(APP, 3, "alice", log::add),
                "b's folder is gone");

        releaseSwitch.destroy(APP, false);
        assertFalse(Files.exists(dir.resolve("sites").resolve(APP)));
    }

    @Test
    void fromContainersToASiteTheRouteMovesFirstThenTheContainersStop() throws Exception {
        releaseSwitch.deploy(APP, new BuiltImage("img-v1", "sha256:img", BuiltImage.DEFAULT_PORT),
                Procfile.parse("web: serve\n"), "abc", "alice", log::add);
        assertEquals(1, router.serving(APP).size());
        deploySite(id('d'));
        assertEquals(Optional.of(sites.folder(APP, id('d'))), router.site(APP));
        assertTrue(router.serving(APP).isEmpty());
        assertTrue(runtime.containersOf(APP).stream().noneMatch(runtime::isRunning), "the container was retired");

        releaseSwitch.deploy(APP, new BuiltImage("img-v3", "sha256:img3", BuiltImage.DEFAULT_PORT),
                Procfile.parse("web: serve\n"), "abc", "alice", log::add);
        assertEquals(Optional.empty(), router.site(APP));
        assertEquals(1, router.serving(APP).size());
    }
}
