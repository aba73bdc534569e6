package hiy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backup while a push is in flight, then restore into a new data dir and a new HIY on other ports: every app serves
 * the same page through Caddy (one from its kept image, one built again because its image is gone), config values
 * decrypt, the same keys log in with the same rights, a volume lost with the box is back with its files and owners;
 * a cut-off archive is refused and leaves the target empty.
 */
@Tag("e2e")
// In both modes: rootful Podman pauses the app whose volume is read, rootless on cgroup v1 cannot (the backup says so).
@Tag("both-modes")
class BackupRestoreTest {
    @Test
    void aBackupTakenDuringAPushRestoresIntoANewHiyThatServesTheSameApps() throws Exception {
        Path scheduled = Files.createTempDirectory("hiy-e2e-backups-");
        TestBox.giveToUser(scheduled); // HIY writes there: the operator gives it to HIY's user, as for the data dir
        try (TestBox box = TestBox.start(Map.of("HIY_BACKUP_DIR", scheduled.toString(), "HIY_BACKUP_KEEP", "2"))) {
            awaitScheduledBackup(scheduled);
            String kept = box.appName("kept");
            String lost = box.appName("lost");
            String still = box.appName("still");
            box.ssh("apps:create " + still).assertOk();
            box.ssh("storage:mount " + still + " data:/data").assertOk();
            box.git(box.project(still, webApp("still page")), "push", box.remote(still), "main").assertOk();
            box.ssh("run " + still + " -- sh -c 'echo written before > /data/note && chown 1234:55 /data/note'")
                    .assertOk();
            Path keptSrc = box.project(kept, webApp("kept page"));
            box.git(keptSrc, "push", box.remote(kept), "main").assertOk();
            box.git(box.project(lost, webApp("lost page")), "push", box.remote(lost), "main").assertOk();
            box.ssh("config:set " + kept + " GREETING='hello from before'").assertOk();
            box.ssh("domains:add " + kept + " kept.example.test").assertOk();
            Path bobKey = box.newKey("bob");
            box.addKey("bob", bobKey, false);
            box.ssh("access:grant " + kept + " bob").assertOk();
            assertRefusedToNonAdmins(box, bobKey);

            Map<String, String> slow = new HashMap<>(webApp("kept page two"));
            slow.put("Dockerfile", "FROM localhost/busybox:latest\nRUN sleep 6\nCOPY index.html /www/index.html\n"
                    + "CMD exec httpd -f -p \"$PORT\" -h /www\n");
            box.commit(keptSrc, slow, "second");
            TestBox.BackgroundPush push = box.pushInBackground(box.adminKey, keptSrc, kept);
            push.awaitOutput("RUN sleep 6", Duration.ofMinutes(2));

            Path archive = box.root.resolve("hiy-backup.tar.gz");
            long t0 = System.nanoTime();
            TestBox.Result backup = box.sshToFile("backup", archive);
            long backupMillis = (System.nanoTime() - t0) / 1_000_000;
            backup.assertOk();
            assertTrue(push.process().isAlive() || push.text().contains("RUN sleep 6"), "the push was in flight");
            assertTrue(backup.err().contains("-----> archive: "), backup.err());
            PodmanMode mode = PodmanMode.of(box);
            // Rootless Podman on cgroup v1 cannot pause a container (no freezer of its own): the backup says so.
            String consistency = mode.rootless() && mode.cgroupVersion().equals("v1")
                    ? "so its files are read while the app runs" : "its 1 running container(s) paused meanwhile";
            assertTrue(backup.err().contains("-----> volume data of " + still + ": ")
                    && backup.err().contains(consistency), backup.err());
            assertEquals("", box.podman("ps", "-a", "-q", "--filter", "status=paused").out().strip(),
                    "the backup unpaused what it paused");
            assertEquals("still page\n", box.get(still, "/").body());
            String manifest = TestBox.run(box.root, List.of("tar", "xzOf", archive.toString(), "MANIFEST"), Map.of())
                    .assertOk().out();
            assertTrue(manifest.contains("\nvolume " + still + " data\n")
                    && manifest.contains(" volumes/" + still + "/data.tar\n"), manifest);
            assertTrue(push.process().waitFor(3, java.util.concurrent.TimeUnit.MINUTES));
            assertEquals(0, push.process().exitValue(), push.text());
            System.out.println("backup of 3 apps during a push: " + Files.size(archive) + " bytes in " + backupMillis + " ms");

            assertACutArchiveIsRefused(box, archive);

            // The box is lost; Podman still has the kept app's image, the other's image went with it, and the volume
            // of the third.
            box.stop();
            for (String id : box.podman("ps", "-aq", "--filter", "label=hiy.app=" + lost).out().split("\\s+")) {
                if (!id.isBlank()) box.podman("rm", "-f", "-t", "0", id).assertOk();
            }
            for (String image : box.imagesOf(lost)) box.podman("rmi", "-f", image).assertOk();
            for (String id : box.podman("ps", "-aq", "--filter", "label=hiy.app=" + still).out().split("\\s+")) {
                if (!id.isBlank()) box.podman("rm", "-f", "-t", "0", id).assertOk();
            }
            box.podman("volume", "rm", "-f", box.volume(still, "data")).assertOk();

            long r0 = System.nanoTime();
            try (TestBox restored = TestBox.restoredFrom(box, archive)) {
                restored.sameAppAs(kept);
                restored.sameAppAs(lost);
                restored.sameAppAs(still);
                assertOwnerOnly(restored.dataDir);
                restored.start();
                restored.awaitPage(lost, r -> r.statusCode() == 200 && r.body().equals("lost page\n"), TestBox.DEPLOY_DEADLINE);
                System.out.println("restore to serving (one app rebuilt): " + (System.nanoTime() - r0) / 1_000_000 + " ms");
                restored.awaitPage(still, r -> r.statusCode() == 200 && r.body().equals("still page\n"), Duration.ofSeconds(30));
                assertEquals("1234:55 written before", restored.ssh("run " + still + " -- sh -c 'stat -c %u:%g"
                        + " /data/note; cat /data/note'").assertOk().out().strip().replace("\n", " "),
                        "the volume's files are back, with their owners");
                String stillReleases = restored.ssh("releases " + still).assertOk().out();
                assertTrue(stillReleases.contains("v1") && !stillReleases.contains("v2"), "its kept image, no build: " + stillReleases);
                // The push under way when the backup was taken is built again: nothing pushed is lost.
                restored.awaitPage(kept, r -> r.statusCode() == 200 && r.body().equals("kept page two\n"), TestBox.DEPLOY_DEADLINE);
                assertEquals("hello from before\n", restored.ssh("config:get " + kept + " GREETING").assertOk().out());
                assertEquals("hello from before\n", restored.sshAs(bobKey, "config:get " + kept + " GREETING").assertOk().out());
                assertEquals(1, restored.sshAs(bobKey, "config:get " + lost + " GREETING").exit(), "bob's rights, no more");
                assertTrue(restored.ssh("domains " + kept).assertOk().out().contains("kept.example.test"));
                assertEquals("kept page two\n", restored.getHost("kept.example.test", "/").body());
                String releases = restored.ssh("releases " + lost).assertOk().out();
                assertTrue(releases.contains("v1") && releases.contains("v2"), "history kept, rebuild added: " + releases);
                String builds = restored.ssh("releases " + kept).assertOk().out();
                assertTrue(builds.contains("v2"), builds);
            }
        } finally {
            TestBox.run(Path.of("/"), List.of("rm", "-rf", scheduled.toString()), Map.of());
        }
    }

    /** HIY_BACKUP_DIR gets its first archive right after start. */
    private static void awaitScheduledBackup(Path dir) throws Exception {
        List<Path> done = Await.until("a scheduled archive in " + dir, Duration.ofSeconds(60), () -> {
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.getFileName().toString().matches("hiy-backup-\\d{8}T\\d{6}Z\\.tar\\.gz")).toList();
            }
        }, found -> !found.isEmpty());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(done.get(0))));
    }

    private static void assertRefusedToNonAdmins(TestBox box, Path bobKey) throws Exception {
        TestBox.Result r = box.sshAs(bobKey, "backup");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("only admins can take backups"), r.err());
        assertEquals("", r.out());
        TestBox.Result tty = box.sshTty("backup");
        assertEquals(1, tty.exit());
        assertTrue(tty.all().contains("would garble a terminal"), tty.all());
    }

    private static void assertACutArchiveIsRefused(TestBox box, Path archive) throws Exception {
        byte[] all = Files.readAllBytes(archive);
        Path cut = box.root.resolve("cut.tar.gz");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        Path target = Files.createDirectory(box.root.resolve("restore-target"));
        TestBox.giveToUser(target);
        Map<String, String> env = new HashMap<>(box.env());
        env.put("HIY_DATA_DIR", target.toString());
        env.put("HIY_SSH_PORT", String.valueOf(TestBox.freePort()));
        TestBox.Result r = box.hiyWith(env, "restore", cut.toString());
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("is not an intact HIY backup") && r.err().contains("truncated")
                && r.err().contains("Nothing was restored"), r.err());
        try (Stream<Path> left = Files.list(target)) {
            assertEquals(List.of(), left.toList());
        }
    }

    /** What the restore wrote has the data dir's modes: folders 0700, files 0600. */
    private static void assertOwnerOnly(Path dataDir) throws Exception {
        assertTrue(Files.isRegularFile(dataDir.resolve("age-identity.txt")) && Files.isRegularFile(dataDir.resolve("hiy.db")));
        try (Stream<Path> all = Files.walk(dataDir)) {
            for (Path p : all.toList()) {
                String mode = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                if (Files.isDirectory(p)) assertEquals("rwx------", mode, p.toString());
                else assertTrue(mode.startsWith("rw-") && mode.endsWith("------"), p + " " + mode);
            }
        }
    }
}
