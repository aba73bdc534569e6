package hiy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HIY's own Podman service sleeps while unused (HIY_PODMAN_IDLE, here 2 s): apps keep serving, a container that dies
 * meanwhile is noticed by its process and brought back (the service started for it), a push starts it, and doctor
 * checks the engine on a service of its own and leaves nothing behind.
 */
@Tag("e2e")
@Tag("both-modes")
class PodmanSleepTest {
    /** Room for one Podman 4.3 service deadlock (HIY gives up on a call after 60 s, restarts it, tries again). */
    private static final Duration DEADLINE = Duration.ofSeconds(150);

    @Test
    void anUnusedServiceSleepsAndEverythingStillWorks() throws Exception {
        try (TestBox box = TestBox.start(Map.of("HIY_PODMAN_IDLE", "2"))) {
            String app = box.appName("sleeper");
            Path src = box.project(app, webApp("first"));
            box.git(src, "push", box.remote(app), "main").assertOk();

            awaitAsleep(box);
            assertEquals("first\n", box.get(app, "/").body(), "Caddy serves the app while the service sleeps");
            assertTrue(asleep(box), "serving needs no Podman service");

            // The podman command line needs no service, and does not start HIY's.
            String container = box.container(app, "v1-web-1");
            String pid = box.podman("inspect", "--format", "{{.State.Pid}}", container).assertOk().out().strip();
            assertTrue(asleep(box), "still asleep when the container is killed");
            TestBox.run(box.root, List.of("kill", "-9", pid), Map.of()).assertOk();
            long t0 = System.nanoTime();
            Await.until("the app killed while Podman slept runs again", DEADLINE,
                    () -> box.appJson(app).path("restarts").asInt() == 1 && serves(box, app, "first"));
            System.out.printf("PodmanSleepTest: serving again %.1f s after its process was killed while Podman slept%n",
                    (System.nanoTime() - t0) / 1e9);

            awaitAsleep(box);
            box.commit(src, webApp("second"), "second");
            t0 = System.nanoTime();
            box.git(src, "push", box.remote(app), "main").assertOk();
            System.out.printf("PodmanSleepTest: a push while Podman slept went live in %.1f s%n",
                    (System.nanoTime() - t0) / 1e9);
            assertEquals("second\n", box.get(app, "/").body());

            awaitAsleep(box);
            String out = box.ssh("doctor").out();
            assertTrue(out.lines().anyMatch(l -> l.startsWith("ok") && l.contains("podman service")
                    && l.contains("sleeps while unused")), out);
            assertTrue(out.lines().anyMatch(l -> l.startsWith("ok") && l.contains("init binary")), out);
            try (var left = Files.list(box.dataDir)) {
                assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("look-")).toList(),
                        "doctor's own service and its folder are gone");
            }
            assertEquals(List.of(), TestBox.processesNaming("system service --time=0 unix://" + box.dataDir.resolve("look-")),
                    "no service of doctor's is left running");
        }
    }

    private static boolean asleep(TestBox box) throws Exception {
        return Files.exists(box.dataDir.resolve("podman-service.sleeping"))
                && TestBox.processesNaming("system service --time=0 unix://" + box.dataDir.resolve("podman.sock")).isEmpty();
    }

    private static void awaitAsleep(TestBox box) throws Exception {
        Await.until("HIY's Podman service sleeps (stopped while unused)", DEADLINE, () -> asleep(box));
    }

    private static boolean serves(TestBox box, String app, String page) {
        try {
            return box.get(app, "/").body().equals(page + "\n");
        } catch (Exception e) {
            return false;
        }
    }
}
