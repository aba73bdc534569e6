package hiy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 20 pushes arriving together from 5 users to 5 apps: 20 builds, one at a time, in arrival order, nothing lost. */
@Tag("e2e")
class BuildQueueLoadTest {
    private static final int USERS = 5;
    private static final int PUSHES_EACH = 4;

    @Test
    void twentyPushesAtOnceAreBuiltOneByOneInArrivalOrder() throws Exception {
        try (TestBox box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "20"))) {
            List<String> apps = new ArrayList<>();
            List<Path> keys = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                String app = box.appName("load" + u);
                box.ssh("apps:create " + app).assertOk();
                Path key = box.newKey("user" + u);
                String user = "user" + u + "-" + System.nanoTime();
                box.sshAsWithInput(box.adminKey, Path.of(key + ".pub"), "keys:add " + user).assertOk();
                box.ssh("access:grant " + app + " " + user).assertOk();
                apps.add(app);
                keys.add(key);
            }
            ExecutorService users = Executors.newFixedThreadPool(USERS);
            List<Future<List<String>>> outputs = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                int n = u;
                outputs.add(users.submit(() -> pushInQuickSuccession(box, apps.get(n), keys.get(n))));
            }
            List<String> pushOutputs = new ArrayList<>();
            for (Future<List<String>> f : outputs) pushOutputs.addAll(f.get());
            users.shutdown();

            assertEquals(USERS * PUSHES_EACH, pushOutputs.size());
            for (String out : pushOutputs) {
                assertTrue(out.contains("-----> Live in"), "each pusher sees its own build end live: " + out);
            }
            for (int u = 0; u < USERS; u++) {
                String expected = "page " + PUSHES_EACH + " of " + apps.get(u) + "\n";
                assertEquals(expected, box.get(apps.get(u), "/").body(), "ends on the newest commit");
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + box.dataDir.resolve("hiy.db"));
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT status, queued_at, started_at, finished_at FROM builds ORDER BY id")) {
                int count = 0;
                long lastFinished = 0;
                long lastQueued = 0;
                while (rs.next()) {
                    count++;
                    assertEquals("succeeded", rs.getString(1));
                    assertTrue(rs.getLong(2) >= lastQueued, "ids follow arrival");
                    assertTrue(rs.getLong(3) >= lastFinished, "build " + count + " started before the previous one ended");
                    lastQueued = rs.getLong(2);
                    lastFinished = rs.getLong(4);
                }
                assertEquals(USERS * PUSHES_EACH, count, "exactly one build record per push");
            }
        }
    }

    /** A user's pushes: each starts as soon as the previous one was received, so the queue fills up. */
    private static List<String> pushInQuickSuccession(TestBox box, String app, Path key) throws Exception {
        Path src = box.project(app, webApp("page 0 of " + app));
        List<TestBox.BackgroundPush> pushes = new ArrayList<>();
        for (int i = 1; i <= PUSHES_EACH; i++) {
            box.commit(src, Map.of("index.html", "page " + i + " of " + app + "\n"), "push " + i);
            TestBox.BackgroundPush push = box.pushInBackground(key, src, app);
            push.awaitOutput("-----> Received", Duration.ofMinutes(1));
            pushes.add(push);
        }
        List<String> outputs = new ArrayList<>();
        for (TestBox.BackgroundPush push : pushes) {
            assertTrue(push.process().waitFor(10, java.util.concurrent.TimeUnit.MINUTES));
            outputs.add(push.text());
        }
        return outputs;
    }
}
