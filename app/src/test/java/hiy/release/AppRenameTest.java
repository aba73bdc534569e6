package hiy.release;

import hiy.model.BuiltImage;
import hiy.model.Procfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    private FakeBox box;

    private final List<String> log = new ArrayList<>();
    private final List<String> moves = new ArrayList<>();
    private AppRename rename;

    @BeforeEach
    void setUp() throws Exception {
        box = new FakeBox(dir, Map.of());
        rename = new AppRename(box.releaseSwitch, box.apps, box.releases, box.builds, box.runtime, box.routes);
        box.create("blog");
        String tag = box.runtime.instance().imageTag("blog", 1);
        box.releaseSwitch.deploy("blog", new BuiltImage(tag, "sha256:1", BuiltImage.DEFAULT_PORT), Procfile.parse("web: serve\n"),
                "abc123", "alice", log::add);
    }

    @AfterEach
    void tearDown() {
        box.close("blog", "journal");
    }

    @Test
    void theOldProcessesStopThenTheNewNameStartsFromItsImageUnderTheNewTag() throws Exception {
        box.runtime.events.clear();
        AppRename.Renamed done = rename.rename("blog", "journal", (from, to) -> moves.add(from + ">" + to), "alice",
                log::add);

        assertTrue(done.restarted() && done.live().isPresent());
        assertEquals(List.of("blog>journal"), moves);
        assertTrue(box.apps.find("blog").isEmpty());
        assertEquals(1, box.apps.find("journal").orElseThrow().currentRelease());
        assertEquals(List.of(), box.runtime.running("blog"));
        assertEquals(1, box.runtime.running("journal").size());
        String newTag = box.runtime.instance().imageTag("journal", 1);
        assertEquals(newTag, box.runtime.running("journal").get(0).spec().image());
        List<String> events = box.runtime.events;
        int stopOld = indexOf(events, "stop hiy-f4ce0001-blog-");
        int startNew = indexOf(events, "start hiy-f4ce0001-journal-");
        assertTrue(stopOld < startNew, "the old name's box.processes stop first: " + events);
        assertEquals(1, box.router.serving("journal").size());
        assertEquals(List.of(), box.router.serving("blog"));
    }

    @Test
    void aStartThatFailsUnderTheNewNamePutsTheAppBackUnderItsOldOne() throws Exception {
        box.runtime.brokenApp("journal");

        SwitchFailure e = assertThrows(SwitchFailure.class, () -> rename.rename("blog", "journal",
                (from, to) -> moves.add(from + ">" + to), "alice", log::add));

        assertTrue(e.getMessage().contains("did not become healthy"), e.getMessage());
        assertEquals(List.of("blog>journal", "journal>blog"), moves);
        assertTrue(box.apps.find("journal").isEmpty());
        assertEquals(1, box.apps.find("blog").orElseThrow().currentRelease());
        assertTrue(!box.apps.find("blog").orElseThrow().stopped(), "it runs again");
        assertEquals(1, box.runtime.running("blog").size());
        assertEquals(List.of(), box.runtime.running("journal"));
        assertEquals(1, box.router.serving("blog").size());
        assertTrue(log.stream().anyMatch(l -> l.contains("putting blog back")), log.toString());
    }

    @Test
    void aBuildUnderWayOrATakenNameIsRefusedBeforeAnythingChanges() throws Exception {
        box.create("shop");
        SwitchFailure taken = assertThrows(SwitchFailure.class, () -> rename.rename("blog", "shop",
                (from, to) -> moves.add(from + ">" + to), "alice", log::add));
        assertTrue(taken.getMessage().contains("exists already"), taken.getMessage());

        box.builds.enqueue("blog", "def456", "refs/heads/main", "push", "alice", dir.toString());
        box.runtime.events.clear();
        SwitchFailure building = assertThrows(SwitchFailure.class, () -> rename.rename("blog", "journal",
                (from, to) -> moves.add(from + ">" + to), "alice", log::add));
        assertTrue(building.getMessage().contains("build queued or under way"), building.getMessage());

        assertEquals(List.of(), moves);
        assertEquals(List.of(), box.runtime.events, "no container was touched");
        assertEquals(1, box.runtime.running("blog").size());
    }

    private static int indexOf(List<String> events, String prefix) {
        for (int i = 0; i < events.size(); i++) if (events.get(i).startsWith(prefix)) return i;
        throw new AssertionError("no event " + prefix + " in " + events);
    }
}
