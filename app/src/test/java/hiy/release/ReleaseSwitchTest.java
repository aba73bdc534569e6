package hiy.release;

import hiy.model.BuiltImage;
import hiy.model.Procfile;
import hiy.routing.RouteTable;
import hiy.store.Processes;
import hiy.store.Releases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The switch's rules in seconds: a real SQLite file and HIY's own health gate over real loopback HTTP, with an
 * in-memory container engine and router. The same rules run end to end (real Podman, Caddy, git) in hiy.e2e.
 */
class ReleaseSwitchTest {
    private static final String APP = "blog";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;
    private FakeBox box;

    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void setUp() {
        box = new FakeBox(dir, Map.of());
        box.create(APP);
    }

    @AfterEach
    void tearDown() {
        box.close(APP);
    }

    private Releases.Release deploy(String image, String procfile) throws Exception {
        return box.releaseSwitch.deploy(APP, new BuiltImage(image, "sha256:" + image, BuiltImage.DEFAULT_PORT),
                Procfile.parse(procfile), "abc123", "alice", log::add);
    }

    /** What the app's route serves now, asked over HTTP on each port the box.router would send requests to. */
    private List<String> served() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int port : box.router.serving(APP)) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            bodies.add(r.body());
        }
        return bodies;
    }

    @Test
    void aHealthyDeployTakesOverAndTheOldReleaseIsStoppedOnlyAfterTheNewOneAnswers() throws Exception {
        deploy("img-v1", "web: serve\n");
        assertEquals(List.of("img-v1"), served());
        box.runtime.events.clear();

        Releases.Release v2 = deploy("img-v2", "web: serve\n");
        assertEquals(2, v2.version());
        assertEquals(List.of("img-v2"), served());
        assertEquals(2, box.apps.find(APP).orElseThrow().currentRelease());
        List<String> events = box.runtime.events;
        int startNew = events.indexOf(events.stream().filter(e -> e.startsWith("start") && e.contains("v2-web")).findFirst().orElseThrow());
        int stopOld = events.indexOf(events.stream().filter(e -> e.startsWith("stop") && e.contains("v1-web")).findFirst().orElseThrow());
        assertTrue(startNew < stopOld, "the new release starts before the old one stops: " + events);
        assertEquals(1, box.runtime.running(APP).size(), "only v2 runs: " + box.runtime.running(APP));
        assertEquals(Releases.Status.RETIRED, box.releases.find(APP, 1).orElseThrow().status());
    }

    /** Samples the slot for the span: false as soon as the router would have sent it a request. */
    private boolean heldThroughout(int slot, Duration span) throws InterruptedException {
        long end = System.nanoTime() + span.toNanos();
        while (System.nanoTime() < end) {
            if (box.router.usable(slot)) return false;
            Thread.sleep(2);
        }
        return true;
    }

    @Test
    void theSlotANewWebProcessWillTakeGetsBriefHoldsWhileTheBuildRunsWithoutAGap() throws Exception {
        deploy("img-v1", "web: serve\n");
        int slot = box.releaseSwitch.likelySlot(APP).orElseThrow();
        assertFalse(box.router.serving(APP).contains(slot), "the likely slot is an empty one");
        assertTrue(box.router.heldForMillis(slot) > RouteTable.BRIEF_HOLD.toMillis(), "whole holds while nothing builds");

        box.routes.soon(slot);
        assertTrue(heldThroughout(slot, RouteTable.HOLD.plusMillis(300)), "no gap while brief holds took over");
        assertTrue(box.router.heldForMillis(slot) <= RouteTable.BRIEF_HOLD.toMillis(),
                "brief holds only: " + box.router.heldForMillis(slot) + " ms left");

        box.routes.notSoon(slot);
        assertTrue(heldThroughout(slot, RouteTable.HOLD.dividedBy(2)), "still held once the build is over");
        assertTrue(box.router.heldForMillis(slot) > RouteTable.BRIEF_HOLD.toMillis(), "whole holds again");

        deploy("img-v2", "web: serve\n");
        assertEquals(List.of(slot), box.router.serving(APP), "v2 took the slot that was readied");
    }

    @Test
    void aDeployThatNeverAnswersFailsAndTheOldReleaseKeepsServing() throws Exception {
        deploy("img-v1", "web: serve\n");
        box.runtime.broken("img-bad");

        SwitchFailure failure = assertThrows(SwitchFailure.class, () -> deploy("img-bad", "web: serve\n"));
        assertTrue(failure.getMessage().contains("v1 keeps serving"), failure.getMessage());
        assertEquals(List.of("img-v1"), served());
        assertEquals(1, box.apps.find(APP).orElseThrow().currentRelease());
        assertEquals(Releases.Status.FAILED, box.releases.find(APP, 2).orElseThrow().status());
        assertEquals(1, box.runtime.running(APP).size(), "the failed container is gone: " + box.runtime.running(APP));
    }

    @Test
    void aFailingReleaseCommandStopsTheDeployBeforeAnyContainerStarts() throws Exception {
        deploy("img-v1", "web: serve\n");
        box.runtime.releaseExits("img-v2", 3);
        box.runtime.events.clear();

        SwitchFailure failure = assertThrows(SwitchFailure.class, () -> deploy("img-v2", "release: migrate\nweb: serve\n"));
        assertTrue(failure.getMessage().contains("exit status 3"), failure.getMessage());
        assertTrue(box.runtime.events.stream().noneMatch(e -> e.startsWith("start")), box.runtime.events.toString());
        assertEquals(List.of("img-v1"), served());
    }

    @Test
    void scalingUpStartsHealthyProcessesAndScalingDownStopsTheSurplus() throws Exception {
        deploy("img-v1", "web: serve\nworker: work\n");
        box.releaseSwitch.scale(APP, Map.of("web", 2, "worker", 2), log::add);
        assertEquals(4, box.runtime.running(APP).size(), box.runtime.running(APP).toString());
        assertEquals(List.of("img-v1", "img-v1"), served());

        box.releaseSwitch.scale(APP, Map.of("web", 1, "worker", 0), log::add);
        assertEquals(1, box.runtime.running(APP).size(), box.runtime.running(APP).toString());
        assertEquals(1, box.router.serving(APP).size());
    }

    @Test
    void aFirstDeployThatNeverAnswersRoutesNothing() throws Exception {
        box.runtime.broken("img-v1");
        assertThrows(SwitchFailure.class, () -> deploy("img-v1", "web: serve\n"));
        assertTrue(box.runtime.running(APP).isEmpty());
        assertTrue(box.router.serving(APP).isEmpty(), "nothing is routed: " + box.router.serving(APP));
    }

    @Test
    void aCrashedProcessIsRevivedOnItsSlot() throws Exception {
        deploy("img-v1", "web: serve\n");
        Processes.AppProcess web = box.processes.of(APP).get(0);
        box.runtime.crash(web.container());
        assertTrue(!box.runtime.isRunning(web.container()));

        assertTrue(box.releaseSwitch.reviveIfDown(APP, "web", 1).isPresent(), "it was down, so it is revived");
        assertTrue(box.runtime.isRunning(web.container()));
        assertEquals(List.of("img-v1"), served());
        assertTrue(box.releaseSwitch.reviveIfDown(APP, "web", 1).isEmpty(), "a running process is left alone");
    }

    @Test
    void rollbackPutsTheOlderImageBackThroughTheSameGate() throws Exception {
        deploy("img-v1", "web: serve\n");
        deploy("img-v2", "web: serve\n");
        Releases.Release back = box.releaseSwitch.rollback(APP, 1, "alice", log::add);
        assertEquals(3, back.version());
        assertEquals("img-v1", back.image());
        assertEquals(List.of("img-v1"), served());
    }

    @Test
    void stopEndsEveryProcessAndStartBringsThemBack() throws Exception {
        deploy("img-v1", "web: serve\nworker: work\n");
        box.releaseSwitch.scale(APP, Map.of("worker", 1), log::add);
        box.releaseSwitch.stop(APP);
        assertTrue(box.runtime.running(APP).isEmpty());
        assertTrue(box.router.serving(APP).isEmpty());
        assertTrue(box.apps.find(APP).orElseThrow().stopped());

        box.releaseSwitch.start(APP, "alice", log::add);
        assertEquals(2, box.runtime.running(APP).size());
        assertEquals(List.of("img-v1"), served());
    }
}
