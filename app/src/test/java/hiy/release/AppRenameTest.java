package hiy.release;

import hiy.config.Settings;
import hiy.model.BuiltImage;
import hiy.model.Procfile;
import hiy.routing.FakeRouter;
import hiy.routing.RouteTable;
import hiy.runtime.FakeRuntime;
import hiy.secrets.AgeSecrets;
import hiy.store.Apps;
import hiy.store.Builds;
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
import hiy.store.Volumes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * apps:rename's sequence against in-memory fakes of Podman and Caddy, a real SQLite file and HIY's own health gate:
 * the old processes stop before the new ones start, and a start that fails under the new name puts everything back.
 */
class AppRenameTest {
    @TempDir
    Path dir;

    private final FakeRuntime runtime = new FakeRuntime();
    private final FakeRouter router = new FakeRouter();
    private final List<String> log = new ArrayList<>();
    private final List<String> moves = new ArrayList<>();
    private Apps apps;
    private Builds builds;
    private ReleaseSwitch releaseSwitch;
    private RouteTable routes;
    private AppRename rename;

    @BeforeEach
    void setUp() throws Exception {
        Database db = Database.open(dir.resolve("hiy.db"));
        apps = new Apps(db);
        Releases releases = new Releases(db);
        Processes processes = new Processes(db);
        Formation formation = new Formation(db);
        builds = new Builds(db);
        Settings settings = Settings.from(Map.of("HIY_BOOT_TIMEOUT", "3", "HIY_STOP_GRACE", "1"));
        routes = new RouteTable(apps, releases, processes, formation, new Domains(db), new Maintenance(db),
                new hiy.store.Sites(dir.resolve("sites")), router,
                "localhost", 8080, 8443, OptionalInt.empty());
        releaseSwitch = new ReleaseSwitch(apps, releases, processes, formation,
                new ConfigVars(db, AgeSecrets.openOrCreate(dir.resolve("age-identity.txt"))), new Checks(db), runtime,
                routes, SlotGate.off(), settings, new AppShapes(new Volumes(db), new Limits(db), new Labels(db), settings));
        rename = new AppRename(releaseSwitch, apps, releases, builds, runtime, routes);
        apps.create("blog", Arrays.stream(Slots.pick(apps.usedSlots(), 4)).boxed().toList(), "alice");
        String tag = runtime.instance().imageTag("blog", 1);
        releaseSwitch.deploy("blog", new BuiltImage(tag, "sha256:1", BuiltImage.DEFAULT_PORT), Procfile.parse("web: serve\n"),
                "abc123", "alice", log::add);
    }

    @AfterEach
    void tearDown() {
        routes.close();
        for (String app : List.of("blog", "journal")) {
            runtime.containersOf(app).forEach(name -> runtime.stopAndRemove(name, Duration.ZERO));
        }
    }

    @Test
    void theOldProcessesStopThenTheNewNameStartsFromItsImageUnderTheNewTag() throws Exception {
        runtime.events.clear();
        AppRename.Renamed done = rename.rename("blog", "journal", (from, to) -> moves.add(from + ">" + to), "alice",
                log::add);

        assertTrue(done.restarted() && done.live().isPresent());
        assertEquals(List.of("blog>journal"), moves);
        assertTrue(apps.find("blog").isEmpty());
        assertEquals(1, apps.find("journal").orElseThrow().currentRelease());
        assertEquals(List.of(), runtime.running("blog"));
        assertEquals(1, runtime.running("journal").size());
        String newTag = runtime.instance().imageTag("journal", 1);
        assertEquals(newTag, runtime.running("journal").get(0).spec().image());
        List<String> events = runtime.events;
        int stopOld = indexOf(events, "stop hiy-f4ce0001-blog-");
        int startNew = indexOf(events, "start hiy-f4ce0001-journal-");
        assertTrue(stopOld < startNew, "the old name's processes stop first: " + events);
        assertEquals(1, router.serving("journal").size());
        assertEquals(List.of(), router.serving("blog"));
    }

    @Test
    void aStartThatFailsUnderTheNewNamePutsTheAppBackUnderItsOldOne() throws Exception {
        runtime.brokenApp("journal");

        SwitchFailure e = assertThrows(SwitchFailure.class, () -> rename.rename("blog", "journal",
                (from, to) -> moves.add(from + ">" + to), "alice", log::add));

        assertTrue(e.getMessage().contains("did not become healthy"), e.getMessage());
        assertEquals(List.of("blog>journal", "journal>blog"), moves);
        assertTrue(apps.find("journal").isEmpty());
        assertEquals(1, apps.find("blog").orElseThrow().currentRelease());
        assertTrue(!apps.find("blog").orElseThrow().stopped(), "it runs again");
        assertEquals(1, runtime.running("blog").size());
        assertEquals(List.of(), runtime.running("journal"));
        assertEquals(1, router.serving("blog").size());
        assertTrue(log.stream().anyMatch(l -> l.contains("putting blog back")), log.toString());
    }

    @Test
    void aBuildUnderWayOrATakenNameIsRefusedBeforeAnythingChanges() throws Exception {
        apps.create("shop", Arrays.stream(Slots.pick(apps.usedSlots(), 4)).boxed().toList(), "alice");
        SwitchFailure taken = assertThrows(SwitchFailure.class, () -> rename.rename("blog", "shop",
                (from, to) -> moves.add(from + ">" + to), "alice", log::add));
        assertTrue(taken.getMessage().contains("exists already"), taken.getMessage());

        builds.enqueue("blog", "def456", "refs/heads/main", "push", "alice", dir.toString());
        runtime.events.clear();
        SwitchFailure building = assertThrows(SwitchFailure.class, () -> rename.rename("blog", "journal",
                (from, to) -> moves.add(from + ">" + to), "alice", log::add));
        assertTrue(building.getMessage().contains("build queued or under way"), building.getMessage());

        assertEquals(List.of(), moves);
        assertEquals(List.of(), runtime.events, "no container was touched");
        assertEquals(1, runtime.running("blog").size());
    }

    private static int indexOf(List<String> events, String prefix) {
        for (int i = 0; i < events.size(); i++) if (events.get(i).startsWith(prefix)) return i;
        throw new AssertionError("no event " + prefix + " in " + events);
    }
}
