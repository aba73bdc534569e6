package hiy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Config vars over SSH: awkward values survive, the app sees them after the switch, and nothing shows them. */
@Tag("e2e")
class ConfigTest {
    static TestBox box;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "8", "HIY_STOP_GRACE", "5"));
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    /** An app whose /cgi-bin/env prints its environment. */
    private String envApp(String prefix) throws Exception {
        String app = box.appName(prefix);
        Path src = box.project(app, Map.of(
                "Dockerfile", "FROM localhost/busybox:latest\nCOPY www /www\nRUN chmod +x /www/cgi-bin/env\n"
                        + "CMD exec httpd -f -p \"$PORT\" -h /www\n",
                "www/index.html", "env app\n",
                "www/cgi-bin/env", "#!/bin/sh\necho 'Content-Type: text/plain'\necho\nenv\n"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        return app;
    }

    private String env(String app) throws Exception {
        return box.get(app, "/cgi-bin/env").body();
    }

    @Test
    void awkwardValuesRoundTripAndReachTheApp() throws Exception {
        String app = envApp("cfg");
        TestBox.Result set = box.ssh("config:set " + app + " GREETING='hello world=1' QUOTE=\"it's \\\"quoted\\\"\" EMPTY=");
        set.assertOk();
        assertTrue(set.out().contains("Starting release v2") && set.out().contains("Live in"), set.out());
        assertEquals("hello world=1\n", box.ssh("config:get " + app + " GREETING").assertOk().out());
        assertEquals("it's \"quoted\"\n", box.ssh("config:get " + app + " QUOTE").assertOk().out());
        assertEquals("EMPTY=\nGREETING=hello world=1\nQUOTE=it's \"quoted\"\n", box.ssh("config " + app).assertOk().out());
        String env = env(app);
        assertTrue(env.contains("GREETING=hello world=1"), env);
        assertTrue(env.contains("QUOTE=it's \"quoted\""), env);

        box.ssh("config:unset " + app + " QUOTE").assertOk();
        assertFalse(env(app).contains("QUOTE="));
        assertEquals(1, box.ssh("config:get " + app + " QUOTE").exit());
    }

    @Test
    void noRestartKeepsTheOldEnvironmentRunning() throws Exception {
        String app = envApp("norestart");
        box.ssh("config:set " + app + " MODE=one").assertOk();
        TestBox.Result r = box.ssh("config:set " + app + " MODE=two --no-restart").assertOk();
        assertFalse(r.out().contains("Starting release"), r.out());
        assertTrue(env(app).contains("MODE=one"));
        assertEquals("two\n", box.ssh("config:get " + app + " MODE").assertOk().out());
    }

    /**
     * A change stored with --no-restart is what restart, run and the supervisor's revivals use from the next
     * restart on; releases names the release that first carried it; a rollback puts the older config back.
     */
    @Test
    void noRestartChangeGoesLiveAtTheNextRestartAndStaysThroughRevivalsUntilARollback() throws Exception {
        String app = envApp("later");
        String one = "one-" + System.nanoTime();
        String two = "two-" + System.nanoTime();
        box.ssh("config:set " + app + " X=" + one).assertOk();
        TestBox.Result stored = box.ssh("config:set " + app + " X=" + two + " --no-restart").assertOk();
        assertTrue(stored.out().contains("restart " + app), stored.out());
        assertTrue(env(app).contains("X=" + one + "\n"));

        // The value itself would be masked in run's output; its first word is not.
        String run = box.ssh("run " + app + " -- sh -c 'echo \"X starts with ${X%%-*}\"'").assertOk().out();
        assertTrue(run.contains("X starts with two"), run);

        TestBox.Result restart = box.ssh("restart " + app).assertOk();
        assertTrue(restart.out().contains("config changed since v2") && restart.out().contains("(release v3)"), restart.out());
        assertTrue(env(app).contains("X=" + two + "\n"), env(app));
        String v3 = releaseRow(app, 3);
        assertTrue(v3.contains(" config (set X) ") && v3.contains("live (current)") && v3.contains("alice"), v3);
        assertTrue(releaseRow(app, 2).contains(" config (set X) "), releaseRow(app, 2));
        assertTrue(releaseRow(app, 1).contains(" deploy ") && !releaseRow(app, 1).contains("(set"), releaseRow(app, 1));

        box.podman("kill", box.container(app, "v3-web-1")).assertOk();
        awaitRevived(app);
        assertTrue(env(app).contains("X=" + two + "\n"), "the revived container has the new value: " + env(app));

        TestBox.Result rollback = box.ssh("rollback " + app + " v2").assertOk();
        assertTrue(rollback.out().contains("(release v4, rollback of v2)"), rollback.out());
        assertTrue(env(app).contains("X=" + one + "\n"), env(app));
        assertEquals(one + "\n", box.ssh("config:get " + app + " X").assertOk().out(), "the config went back too");
        assertTrue(releaseRow(app, 4).contains(" rollback v2 (set X) "), releaseRow(app, 4));
        TestBox.Result again = box.ssh("restart " + app).assertOk();
        assertTrue(again.out().contains("(release v4)") && !again.out().contains("config changed"), again.out());
        assertTrue(env(app).contains("X=" + one + "\n"), env(app));

        box.ssh("stop " + app).assertOk();
        box.ssh("config:set " + app + " Y=" + two + " --no-restart").assertOk();
        TestBox.Result start = box.ssh("start " + app).assertOk();
        assertTrue(start.out().contains("config changed since v4") && start.out().contains("(release v5)"), start.out());
        assertTrue(env(app).contains("Y=" + two + "\n") && env(app).contains("X=" + one + "\n"), env(app));
        assertTrue(releaseRow(app, 5).contains(" config (set Y) "), releaseRow(app, 5));
    }

    @Test
    void aNewValueIsMaskedInTheOutputOfTheReleaseItStarts() throws Exception {
        String app = box.appName("masknew");
        Path src = box.project(app, Map.of("Dockerfile", "FROM localhost/busybox:latest\n"
                + "CMD echo token is $TOKEN; [ -z \"$TOKEN\" ] && exec httpd -f -p \"$PORT\" -h /; exec sleep 1000\n"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        String secret = "n3w-" + System.nanoTime();
        TestBox.Result set = box.ssh("config:set " + app + " TOKEN=" + secret);
        assertEquals(1, set.exit(), set.all());
        assertTrue(set.all().contains("token is [redacted]"), "the failing release's log is shown, masked: " + set.all());
        assertFalse(set.all().contains(secret), set.all());
    }

    private String releaseRow(String app, int version) throws Exception {
        String releases = box.ssh("releases " + app).assertOk().out();
        return releases.lines().filter(l -> l.startsWith("v" + version + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no v" + version + " in " + releases));
    }

    /** Until ps shows web.1 started again by the supervisor after its kill, and it answers. */
    private void awaitRevived(String app) throws Exception {
        Await.until("web.1 of " + app + " started again and answering", Duration.ofSeconds(60),
                () -> box.ssh("ps " + app).out(),
                ps -> ps.lines().anyMatch(l -> l.startsWith("web.1 ") && l.contains("running")
                        && l.matches(".*\\s1\\s+exit code 137.*")) && answersEnv(app));
    }

    private boolean answersEnv(String app) {
        try {
            return box.get(app, "/cgi-bin/env").statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void badKeysAndReservedNamesAreRefusedAndChangeNothing() throws Exception {
        String app = envApp("badkey");
        for (String bad : List.of("1X=a", "A-B=c", "PORT=1", "HIY_X=1", "NOEQUALS")) {
            TestBox.Result r = box.ssh("config:set " + app + " " + bad);
            assertEquals(1, r.exit(), bad + ": " + r.all());
            assertFalse(r.err().isBlank(), bad);
        }
        assertTrue(box.ssh("config " + app).assertOk().out().contains("no config vars"));
        assertEquals(1, box.ssh("config:set nosuchapp A=1").exit());
    }

    @Test
    void valuesNeverShowInBuildOrPushOutputAndNeverSitInClearOnDisk() throws Exception {
        String app = envApp("secret");
        String secret = "s3cr3t-" + System.nanoTime();
        box.ssh("config:set " + app + " TOKEN=" + secret).assertOk();

        Path src = box.project(app, Map.of("Dockerfile", "FROM localhost/busybox:latest\nRUN echo building with " + secret
                + "\nCMD echo token is $TOKEN; exec sleep 1000\n"));
        TestBox.Result push = box.git(src, "push", "--force", box.remote(app), "main")
                .assertDeployRejected("release v3 web.1 did not become healthy; v2 keeps serving)");
        String out = push.all();
        assertTrue(out.contains("building with [redacted]"), out);
        assertTrue(out.contains("token is [redacted]"), "the failing release's log is shown, masked: " + out);
        assertFalse(out.contains(secret), out);

        box.commit(src, Map.of("Dockerfile", "FROM localhost/busybox:latest\nRUN echo failing with " + secret
                + " && false\n"), "a step that fails");
        TestBox.Result failing = box.git(src, "push", "--force", box.remote(app), "main")
                .assertDeployRejected("the Dockerfile failed at STEP 2/2: RUN echo failing with [redacted] && false");
        assertFalse(failing.all().contains(secret), "the reason on the ref is masked too: " + failing.all());

        try (Stream<Path> files = Files.walk(box.dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.toString().endsWith(".sock")) continue;
                byte[] bytes = Files.readAllBytes(f);
                assertFalse(new String(bytes, StandardCharsets.ISO_8859_1).contains(secret), "clear value in " + f);
            }
        }
    }

    @Test
    void theAgeToolDecryptsWhatHiyStored() throws Exception {
        String app = envApp("agecli");
        box.ssh("config:set " + app + " DATABASE_URL=postgres://u:p@db/x --no-restart").assertOk();
        byte[] sealed;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + box.dataDir.resolve("hiy.db"));
             PreparedStatement q = c.prepareStatement("SELECT value_age FROM config WHERE app = ? AND key = 'DATABASE_URL'")) {
            q.setString(1, app);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                sealed = rs.getBytes(1);
            }
        }
        Path file = box.root.resolve("value.age");
        Files.write(file, sealed);
        Path identity = box.dataDir.resolve("age-identity.txt");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(identity)));
        TestBox.Result age = TestBox.run(box.root, List.of("age", "-d", "-i", identity.toString(), file.toString()), Map.of());
        assertEquals("postgres://u:p@db/x", age.assertOk().out());
        assertNotEquals(-1, new String(sealed, StandardCharsets.ISO_8859_1).indexOf("age-encryption.org/v1"));
    }
}
