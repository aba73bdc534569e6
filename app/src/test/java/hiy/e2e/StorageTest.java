package hiy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Named volumes over real SSH, git, Podman and Caddy: an app that counts visits in a file on its volume keeps the
 * count across pushes, rollback, restart and apps:destroy (without --volumes), in web, release: and run alike; hostile
 * names and paths change nothing.
 */
// Also in the rootful pass (infra/test.sh): volumes: their owner inside the container comes from a different id
// mapping per mode
@Tag("e2e")
@Tag("both-modes")
class StorageTest {
    static TestBox box;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "20", "HIY_STOP_GRACE", "3"));
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    /** GET /cgi-bin/count adds one to /data/count and answers the new count; release: notes each release. */
    static Map<String, String> counter(String page) {
        Map<String, String> files = counterWithoutRelease(page);
        files.put("Procfile", "web: exec httpd -f -p \"$PORT\" -h /www\nrelease: echo released >> /data/releases\n");
        return files;
    }

    /** The counter without release: (which needs the volume). */
    static Map<String, String> counterWithoutRelease(String page) {
        Map<String, String> files = new HashMap<>();
        files.put("Dockerfile", "FROM localhost/busybox:latest\nCOPY www /www\nRUN chmod +x /www/cgi-bin/count\n");
        files.put("Procfile", "web: exec httpd -f -p \"$PORT\" -h /www\n");
        files.put("www/index.html", page + "\n");
        files.put("www/cgi-bin/count", "#!/bin/sh\nn=$(cat /data/count 2>/dev/null || echo 0)\nn=$((n + 1))\n"
                + "echo $n > /data/count\necho 'Content-Type: text/plain'\necho\necho $n\n");
        return files;
    }

    private static String count(String app) throws Exception {
        var r = box.get(app, "/cgi-bin/count");
        assertEquals(200, r.statusCode(), r.body());
        return r.body().strip();
    }

    private static String inData(String app, String command) throws Exception {
        return box.ssh("run " + app + " -- sh -c '" + command + "'").assertOk().out().strip();
    }

    private static boolean volumeExists(String app, String name) throws Exception {
        return box.podman("volume", "exists", box.volume(app, name)).exit() == 0;
    }

    @Test
    void theCountSurvivesPushesRollbackRestartAndDestroyWithoutVolumes() throws Exception {
        String app = box.appName("counter");
        box.ssh("apps:create " + app).assertOk();
        String mounted = box.ssh("storage:mount " + app + " data:/data").assertOk().out();
        assertTrue(mounted.contains("Mounted volume data at /data") && mounted.contains("next start or deploy"), mounted);
        assertTrue(volumeExists(app, "data"), "the volume is made at once, labelled as this HIY's");
        assertEquals(box.instance(), box.podman("volume", "inspect", box.volume(app, "data"), "--format",
                "{{index .Labels \"hiy.instance\"}}").out().strip());

        Path src = box.project(app, counter("v1"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        assertEquals("1", count(app));
        assertEquals("2", count(app));
        assertEquals("2", inData(app, "cat /data/count"), "run mounts the volume");
        inData(app, "echo from-run > /data/note");

        box.commit(src, Map.of("www/index.html", "v2\n"), "v2");
        box.git(src, "push", box.remote(app), "main").assertOk();
        assertEquals("v2\n", box.get(app, "/").body());
        assertEquals("3", count(app), "a new release finds the count");
        assertEquals("from-run", inData(app, "cat /data/note"));

        box.ssh("rollback " + app + " v1").assertOk();
        box.awaitPage(app, r -> r.body().equals("v1\n"), Duration.ofSeconds(30));
        assertEquals("4", count(app), "a rollback finds it");
        box.ssh("restart " + app).assertOk();
        assertEquals("5", count(app), "a restart finds it");
        box.ssh("config:set " + app + " MODE=x").assertOk();
        assertEquals("6", count(app), "a config release finds it");
        assertEquals("3", inData(app, "grep -c released /data/releases"),
                "release: ran with the volume for v1, v2 and the config release (not for a rollback or restart)");

        String web = box.podman("ps", "--filter", "label=hiy.app=" + app, "--filter", "label=hiy.process=web.1",
                "--format", "{{.Names}}").out().strip();
        String mounts = box.podman("inspect", web, "--format", "{{range .Mounts}}{{.Name}}={{.Destination}} {{end}}").out();
        assertTrue(mounts.contains(box.volume(app, "data") + "=/data"), mounts);
        String list = box.ssh("storage " + app).assertOk().out();
        assertTrue(list.contains("data") && list.contains("/data") && list.contains("shared"), list);
        String report = box.ssh("storage:report " + app).assertOk().out();
        assertTrue(report.lines().anyMatch(l -> l.startsWith("data") && l.contains("/data") && l.matches(".* \\d+ B$")),
                report);

        String asked = box.ssh("apps:destroy " + app).err();
        assertTrue(asked.contains("its volume(s) data are kept with their files (add --volumes"), asked);
        String destroyed = box.ssh("apps:destroy " + app + " --confirm " + app).assertOk().out();
        assertTrue(destroyed.contains("Kept its volume(s) data"), destroyed);
        assertTrue(volumeExists(app, "data"), "destroy without --volumes keeps the data");

        box.ssh("apps:create " + app).assertOk();
        TestBox.Result refused = box.ssh("storage:mount " + app + " data:/data");
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("kept from an earlier app named " + app) && refused.err().contains("--reuse"),
                refused.err());
        box.ssh("storage:mount " + app + " data:/data --reuse").assertOk();
        box.git(src, "push", "--force", box.remote(app), "main").assertOk();
        assertEquals("7", count(app), "an admin's --reuse finds the old count");

        String askedAll = box.ssh("apps:destroy " + app + " --volumes").err();
        assertTrue(askedAll.contains("and its volume(s) data with all their files"), askedAll);
        box.ssh("apps:destroy " + app + " --volumes --confirm " + app).assertOk();
        assertFalse(volumeExists(app, "data"), "--volumes deletes the data");
    }

    @Test
    void unmountKeepsTheFilesUnlessDeleteIsConfirmed() throws Exception {
        String app = box.appName("unmount");
        Path src = box.project(app, counterWithoutRelease("u"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        String restarted = box.ssh("storage:mount " + app + " data:/data").assertOk().out();
        assertTrue(restarted.contains("restarted"), restarted);
        assertEquals("1", count(app));

        box.ssh("storage:unmount " + app + " data").assertOk();
        assertEquals("1", count(app), "without the volume the app starts from nothing again");
        assertTrue(box.ssh("storage " + app).out().contains("(not mounted, data kept)"));
        box.ssh("storage:mount " + app + " data:/data").assertOk();
        assertEquals("2", count(app), "mounted again, the old count is back");

        TestBox.Result unconfirmed = box.ssh("storage:unmount " + app + " data --delete");
        assertEquals(1, unconfirmed.exit());
        assertTrue(unconfirmed.err().contains("--delete --confirm " + app), unconfirmed.err());
        assertEquals("3", count(app), "an unconfirmed delete changes nothing");
        box.ssh("storage:unmount " + app + " data --delete --confirm " + app).assertOk();
        assertFalse(volumeExists(app, "data"));
        assertTrue(box.ssh("storage " + app).out().contains("has no volumes"));
    }

    @Test
    void anExclusiveVolumeIsMountedByOneReleaseAtATime() throws Exception {
        String app = box.appName("exclusive");
        Path src = box.project(app, counterWithoutRelease("e1"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        String mounted = box.ssh("storage:mount " + app + " data:/data --exclusive").assertOk().out();
        assertTrue(mounted.contains("exclusive: each deploy stops the old release first"), mounted);
        assertEquals("1", count(app));

        box.commit(src, Map.of("www/index.html", "e2\n"), "e2");
        String push = box.git(src, "push", box.remote(app), "main").assertOk().err();
        assertTrue(push.contains("has an exclusive volume: v1 stops before v2 starts"), push);
        assertEquals("e2\n", box.get(app, "/").body());
        assertEquals("2", count(app));
        assertTrue(box.ssh("storage " + app).out().contains("exclusive"));

        box.commit(src, Map.of("Dockerfile", "FROM localhost/busybox:latest\nCOPY www /www\n"
                + "RUN chmod +x /www/cgi-bin/count\nCMD [\"false\"]\n", "Procfile", "web: exit 3\n"), "broken");
        String failed = box.git(src, "push", box.remote(app), "main").assertDeployRejected("release v3 web.1").err();
        assertTrue(failed.contains("v2 is started again"), failed);
        box.awaitPage(app, r -> r.body().equals("e2\n"), Duration.ofSeconds(30));
        assertEquals("3", count(app), "after a failed switch the old release runs again, with its volume");
    }

    @Test
    void hostileNamesAndPathsAreRefusedAndChangeNothing() throws Exception {
        String app = box.appName("hostile");
        box.ssh("apps:create " + app).assertOk();
        List<String> bad = List.of("../x:/data", "Data:/data", "a-b:/data", "x", "x:data", "x:/", "x:/proc",
                "x:/proc/self/root", "x:/sys/fs/cgroup", "x:/dev/shm", "x:/run/secrets", "x:/data/../etc",
                "x:/data/./y", "x:/data//y", "x:/data/", "x:/etc", "x:/usr", "'x:/data;touch /tmp/p'",
                "'x:/data y'", "x:/" + "a".repeat(250), "_x:/data", "x:/data\\\\y", "'x:/da$(id)ta'");
        for (String mount : bad) {
            TestBox.Result r = box.ssh("storage:mount " + app + " " + mount);
            assertEquals(1, r.exit(), mount + ": " + r.all());
            assertTrue(r.err().contains("e.g."), "says what to write instead: " + mount + ": " + r.err());
        }
        assertTrue(box.ssh("storage " + app).out().contains("has no volumes"));
        assertEquals("", box.podman("volume", "ls", "-q", "--filter", "label=hiy.volume=" + app).out().strip());

        box.ssh("storage:mount " + app + " data:/data").assertOk();
        TestBox.Result overlap = box.ssh("storage:mount " + app + " more:/data/sub");
        assertEquals(1, overlap.exit());
        assertTrue(overlap.err().contains("overlaps"), overlap.err());
        TestBox.Result unknown = box.ssh("storage:unmount " + app + " nosuch");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("has no volume nosuch"), unknown.err());

        // A volume of the name HIY would use, not made by this HIY: never mounted, never removed.
        String foreign = box.volume(app, "theirs");
        box.podman("volume", "create", foreign).assertOk();
        try {
            TestBox.Result taken = box.ssh("storage:mount " + app + " theirs:/theirs");
            assertEquals(1, taken.exit());
            assertTrue(taken.err().contains("is not this HIY's"), taken.err());
            box.ssh("apps:destroy " + app + " --volumes --confirm " + app).assertOk();
            assertEquals(0, box.podman("volume", "exists", foreign).exit(), "another's volume stays");
        } finally {
            box.podman("volume", "rm", "-f", foreign);
        }
    }
}
