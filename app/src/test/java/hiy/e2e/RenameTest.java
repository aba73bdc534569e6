package hiy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static hiy.e2e.StorageTest.counterWithoutRelease;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * apps:rename over real SSH, git, Podman and Caddy: the app serves the same page and the same volume data under its
 * new name, its config and releases came along, the old name answers as any unknown name, and the next push goes to
 * the new remote. Bad input changes nothing.
 */
@Tag("e2e")
class RenameTest {
    static TestBox box;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "20", "HIY_STOP_GRACE", "3"));
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    private static String count(String app) throws Exception {
        var r = box.get(app, "/cgi-bin/count");
        assertEquals(200, r.statusCode(), r.body());
        return r.body().strip();
    }

    @Test
    void everythingFollowsTheNewNameAndTheOldOneStopsAnswering() throws Exception {
        String old = box.appName("before");
        String renamed = box.appName("after");
        box.ssh("apps:create " + old).assertOk();
        box.ssh("storage:mount " + old + " data:/data").assertOk();
        Path src = box.project(old, counterWithoutRelease("same page"));
        box.git(src, "push", box.remote(old), "main").assertOk();
        assertEquals("1", count(old));
        box.ssh("config:set " + old + " MODE=kept").assertOk();
        assertEquals("2", count(old));
        box.ssh("run " + old + " -- sh -c 'echo mine > /data/owned && chown 1234:55 /data/owned'").assertOk();
        box.ssh("domains:add " + old + " www." + old + ".test").assertOk();

        String out = box.ssh("apps:rename " + old + " " + renamed).assertOk().out();
        assertTrue(out.contains("Renamed " + old + " to " + renamed) && out.contains("volume(s) data"), out);
        assertTrue(out.contains("git remote set-url hiy ssh://") && out.contains("/" + renamed), out);

        var page = box.get(renamed, "/");
        assertEquals(200, page.statusCode());
        assertEquals("same page\n", page.body());
        assertEquals("3", count(renamed), "the volume's data came along");
        assertEquals("1234:55 mine", box.ssh("run " + renamed + " -- sh -c 'stat -c %u:%g /data/owned;"
                + " cat /data/owned'").assertOk().out().strip().replace("\n", " "), "with its owners");
        assertEquals(404, box.get(old, "/").statusCode(), "the old name answers as any unknown name does");
        assertEquals(200, box.getHost("www." + old + ".test", "/").statusCode(), "its domains follow");

        assertEquals("kept", box.ssh("config:get " + renamed + " MODE").assertOk().out().strip());
        String releases = box.ssh("releases " + renamed).assertOk().out();
        assertTrue(releases.contains("v1") && releases.contains("v2"), releases);
        assertTrue(box.ssh("storage " + renamed).assertOk().out().contains("/data"));
        assertTrue(box.ssh("audit " + renamed).assertOk().out().contains("apps:rename " + old + " " + renamed));
        assertEquals(1, box.ssh("config " + old).exit(), "no app of the old name is left");

        box.awaitContainers(old, "", Duration.ofSeconds(30));
        assertEquals(1, box.podman("volume", "exists", box.volume(old, "data")).exit(), "the old volume is gone");
        assertEquals(0, box.podman("volume", "exists", box.volume(renamed, "data")).exit());
        assertEquals("", box.podman("images", "-q", "--filter", "reference=hiy/" + old).out().strip(),
                "no image keeps the old name");

        box.commit(src, Map.of("www/index.html", "pushed again\n"), "again");
        box.git(src, "push", box.remote(renamed), "main").assertOk();
        assertEquals("pushed again\n", box.get(renamed, "/").body());
        assertEquals("4", count(renamed));
        box.ssh("rollback " + renamed + " v2").assertOk();
        box.awaitPage(renamed, r -> r.body().equals("same page\n"), Duration.ofSeconds(30));
    }

    @Test
    void badInputIsRefusedAndChangesNothing() throws Exception {
        String app = box.appName("stays");
        String other = box.appName("taken");
        Path src = box.project(app, TestBox.webApp("unchanged"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        box.ssh("apps:create " + other).assertOk();

        assertRefused("apps:rename " + app + " " + app, "already");
        assertRefused("apps:rename " + app + " " + other, "an app named " + other + " exists already");
        assertRefused("apps:rename " + app + " Bad_Name", "Bad_Name");
        assertRefused("apps:rename " + app + " hiy", "is reserved");
        assertRefused("apps:rename nosuch-app fresh-name", "no app named nosuch-app");
        String gone = box.appName("gone");
        box.ssh("apps:create " + gone).assertOk();
        box.ssh("storage:mount " + gone + " data:/data").assertOk();
        box.ssh("apps:destroy " + gone + " --confirm " + gone).assertOk();
        assertRefused("apps:rename " + app + " " + gone, "volume(s) data of a destroyed app named " + gone);
        assertEquals("unchanged\n", box.get(app, "/").body(), "a refused rename leaves the app serving");

        box.commit(src, Map.of("Dockerfile", "FROM localhost/busybox:latest\nRUN sleep 8\n"
                + "COPY index.html /www/index.html\nCMD exec httpd -f -p \"$PORT\" -h /www\n", "index.html", "slow\n"),
                "slow build");
        TestBox.BackgroundPush push = box.pushInBackground(box.adminKey, src, app);
        push.awaitOutput("Building", Duration.ofSeconds(60));
        assertRefused("apps:rename " + app + " " + box.appName("midbuild"), "build queued or under way");
        assertEquals(0, push.process().waitFor(), push.text());

        assertEquals("slow\n", box.get(app, "/").body());
        assertFalse(box.ssh("apps").assertOk().out().contains("midbuild"));
        box.ssh("apps:rename " + app + " " + box.appName("later")).assertOk();
    }

    private static void assertRefused(String command, String reason) throws Exception {
        TestBox.Result r = box.ssh(command);
        assertEquals(1, r.exit(), command + ": " + r.all());
        assertTrue(r.err().contains(reason), command + ": " + r.err());
    }
}
