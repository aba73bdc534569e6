package hiy.release;

import hiy.config.Settings;
import hiy.model.BuiltImage;
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
import hiy.store.Volumes;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    private final FakeRuntime runtime = new FakeRuntime();
    private final FakeRouter router = new FakeRouter();
    private final List<String> log = new ArrayList<>();
    private Apps apps;
    private Releases releases;
    private Processes processes;
    private ReleaseSwitch releaseSwitch;
    private RouteTable routes;

    @BeforeEach
    void setUp() {
        Database db = Database.open(dir.resolve("hiy.db"));
        apps = new Apps(db);
        releases = new Releases(db);
        processes = new Processes(db);
        Formation formation = new Formation(db);
        Settings settings = Settings.from(Map.of("HIY_BOOT_TIMEOUT", "3", "HIY_STOP_GRACE", "1"));
        routes = new RouteTable(apps, releases, processes, formation, new Domains(db), new Maintenance(db),
                new hiy.store.Sites(dir.resolve("sites")), router,
                "localhost", 8080, 8443, java.util.OptionalInt.empty());
        releaseSwitch = new ReleaseSwitch(apps, releases, processes, formation,
                new ConfigVars(db, AgeSecrets.openOrCreate(dir.resolve("age-identity.txt"))), new Checks(db), runtime,
                routes, SlotGate.off(), settings,
                new AppShapes(new Volumes(db), new Limits(db), new Labels(db), settings));
        apps.create(APP, Arrays.stream(Slots.pick(apps.usedSlots(), 4)).boxed().toList(), "alice");
    }

    @AfterEach
    void tearDown() {
        routes.close();
        runtime.containersOf(APP).forEach(name -> runtime.stopAndRemove(name, Duration.ZERO));
    }

    private Releases.Release deploy(String image, String procfile) throws Exception {
        return releaseSwitch.deploy(APP, new BuiltImage(image, "sha256:" + image, BuiltImage.DEFAULT_PORT),
                Procfile.parse(procfile), "abc123", "alice", log::add);
    }

    /** What the app's route serves now, asked over HTTP on each port the router would send requests to. */
    private List<String> served() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int port : router.serving(APP)) {
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
        runtime.events.clear();

        Releases.Release v2 = deploy("img-v2", "web: serve\n");
        assertEquals(2, v2.version());
        assertEquals(List.of("img-v2"), served());
        assertEquals(2, apps.find(APP).orElseThrow().currentRelease());
        List<String> events = runtime.events;
        int startNew = events.indexOf(events.stream().filter(e -> e.startsWith("start") && e.contains("v2-web")).findFirst().orElseThrow());
        int stopOld = events.indexOf(events.stream().filter(e -> e.startsWith("stop") && e.contains("v1-web")).findFirst().orElseThrow());
        assertTrue(startNew < stopOld, "the new release starts before the old one stops: " + events);
        assertEquals(1, runtime.running(APP).size(), "only v2 runs: " + runtime.running(APP));
        assertEquals(Releases.Status.RETIRED, releases.find(APP, 1).orElseThrow().status());
    }

    @Test
    void aDeployThatNeverAnswersFailsAndTheOldReleaseKeepsServing() throws Exception {
        deploy("img-v1", "web: serve\n");
        runtime.broken("img-bad");

        SwitchFailure failure = assertThrows(SwitchFailure.class, () -> deploy("img-bad", "web: serve\n"));
        assertTrue(failure.getMessage().contains("v1 keeps serving"), failure.getMessage());
        assertEquals(List.of("img-v1"), served());
        assertEquals(1, apps.find(APP).orElseThrow().currentRelease());
        assertEquals(Releases.Status.FAILED, releases.find(APP, 2).orElseThrow().status());
        assertEquals(1, runtime.running(APP).size(), "the failed container is gone: " + runtime.running(APP));
    }

    @Test
    void aFailingReleaseCommandStopsTheDeployBeforeAnyContainerStarts() throws Exception {
        deploy("img-v1", "web: serve\n");
        runtime.releaseExits("img-v2", 3);
        runtime.events.clear();

        SwitchFailure failure = assertThrows(SwitchFailure.class, () -> deploy("img-v2", "release: migrate\nweb: serve\n"));
        assertTrue(failure.getMessage().contains("exit status 3"), failure.getMessage());
        assertTrue(runtime.events.stream().noneMatch(e -> e.startsWith("start")), runtime.events.toString());
        assertEquals(List.of("img-v1"), served());
    }

    @Test
    void scalingUpStartsHealthyProcessesAndScalingDownStopsTheSurplus() throws Exception {
        deploy("img-v1", "web: serve\nworker: work\n");
        releaseSwitch.scale(APP, Map.of("web", 2, "worker", 2), log::add);
        assertEquals(4, runtime.running(APP).size(), runtime.running(APP).toString());
        assertEquals(List.of("img-v1", "img-v1"), served());

        releaseSwitch.scale(APP, Map.of("web", 1, "worker", 0), log::add);
        assertEquals(1, runtime.running(APP).size(), runtime.running(APP).toString());
        assertEquals(1, router.serving(APP).size());
    }

    @Test
    void aFirstDeployThatNeverAnswersRoutesNothing() throws Exception {
        runtime.broken("img-v1");
        assertThrows(SwitchFailure.class, () -> deploy("img-v1", "web: serve\n"));
        assertTrue(runtime.running(APP).isEmpty());
        assertTrue(router.serving(APP).isEmpty(), "nothing is routed: " + router.serving(APP));
    }

    @Test
    void aCrashedProcessIsRevivedOnItsSlot() throws Exception {
        deploy("img-v1", "web: serve\n");
        Processes.AppProcess web = processes.of(APP).get(0);
        runtime.crash(web.container());
        assertTrue(!runtime.isRunning(web.container()));

        assertTrue(releaseSwitch.reviveIfDown(APP, "web", 1).isPresent(), "it was down, so it is revived");
        assertTrue(runtime.isRunning(web.container()));
        assertEquals(List.of("img-v1"), served());
        assertTrue(releaseSwitch.reviveIfDown(APP, "web", 1).isEmpty(), "a running process is left alone");
    }

    @Test
    void rollbackPutsTheOlderImageBackThroughTheSameGate() throws Exception {
        deploy("img-v1", "web: serve\n");
        deploy("img-v2", "web: serve\n");
        Releases.Release back = releaseSwitch.rollback(APP, 1, "alice", log::add);
        assertEquals(3, back.version());
        assertEquals("img-v1", back.image());
        assertEquals(List.of("img-v1"), served());
    }

    @Test
    void stopEndsEveryProcessAndStartBringsThemBack() throws Exception {
        deploy("img-v1", "web: serve\nworker: work\n");
        releaseSwitch.scale(APP, Map.of("worker", 1), log::add);
        releaseSwitch.stop(APP);
        assertTrue(runtime.running(APP).isEmpty());
        assertTrue(router.serving(APP).isEmpty());
        assertTrue(apps.find(APP).orElseThrow().stopped());

        releaseSwitch.start(APP, "alice", log::add);
        assertEquals(2, runtime.running(APP).size());
        assertEquals(List.of("img-v1"), served());
    }
}
