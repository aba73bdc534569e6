package hiy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `ssh hiy@box doctor` on a real HIY, real Podman and real Caddy: every check of a healthy box is ok (limits say
 * what this box's Podman really enforces), exit 0; a non-admin is refused; an age identity opened to others and a
 * Caddy that does not answer are FAILs with the command that fixes them, exit 1. `hiy doctor` on the box says the same.
 */
// Also in the rootful pass (infra/test.sh): doctor's rootless and limits lines differ by mode
@Tag("e2e")
@Tag("both-modes")
class DoctorTest {
    @Test
    void aHealthyBoxIsOkAndWhatIsWrongFailsWithItsFix() throws Exception {
        try (TestBox box = TestBox.start(Map.of())) {
            long start = System.nanoTime();
            TestBox.Result healthy = box.ssh("doctor");
            System.out.println("ssh doctor took " + (System.nanoTime() - start) / 1_000_000 + " ms");
            assertEquals(0, healthy.exit(), healthy.all());
            String out = healthy.out();
            assertFalse(out.contains("\u001b["), "no colour without a terminal: " + out);
            assertTrue(line(out, "ok", "podman").contains("answers on ") && line(out, "ok", "podman").contains("Docker API 1.41"), out);
            assertTrue(line(out, "ok", "oci runtime").contains("runc"), out);
            assertTrue(line(out, "ok", "init binary").contains("init process"), out);
            assertTrue(line(out, "ok", "rootless").contains(podmanRootless(box) ? "yes" : "no"), out);
            assertLimitsAsPodmanSays(box, out);
            assertTrue(line(out, "ok", "caddy admin").contains("127.0.0.1:" + box.adminPort), out);
            assertTrue(line(out, "ok", "http port").contains("port " + box.httpPort), out);
            assertTrue(line(out, "ok", "https port").contains("port " + box.httpsPort), out);
            assertTrue(line(out, "ok", "certificates").contains("no real domains"), out);
            assertTrue(line(out, "ok", "data dir owner").contains(box.dataDir.toString()), out);
            assertTrue(line(out, "ok", "data dir modes").contains("0600"), out);
            for (String name : List.of("podman storage", "data dir disk", "memory")) {
                assertTrue(out.lines().anyMatch(l -> l.matches("(ok  |warn)  " + name + " +.* % used .*")), name + ": " + out);
            }
            assertTrue(out.strip().endsWith(" 0 FAIL"), out);
            // This HIY runs in the test's JVM, so its throw-away container carries the test's pid: none is left.
            assertEquals("", box.podman("ps", "-a", "--filter", "name=hiy-engine-check-" + ProcessHandle.current().pid()
                    + "-", "--format", "{{.Names}}").assertOk().out().strip(), "doctor leaves no container behind");

            assertTrue(box.sshTty("doctor").out().contains("\u001b["), "coloured on a terminal");

            Path bob = box.newKey("bob");
            box.addKey("bob", bob, false);
            TestBox.Result refused = box.sshAs(bob, "doctor");
            assertEquals(1, refused.exit(), refused.all());
            assertTrue(refused.err().contains("only admins can run doctor"), refused.all());
            assertFalse(refused.out().contains("podman"), "nothing of the box is shown: " + refused.all());

            Path identity = box.dataDir.resolve("age-identity.txt");
            Files.setPosixFilePermissions(identity, PosixFilePermissions.fromString("rw-r--r--"));
            TestBox.Result wide = box.ssh("doctor");
            assertEquals(1, wide.exit(), wide.all());
            String modes = line(wide.out(), "FAIL", "data dir modes");
            assertTrue(modes.contains("age-identity.txt is rw-r--r--"), modes);
            assertTrue(modes.endsWith("; fix: chmod 600 " + identity), modes);
            assertTrue(wide.out().strip().endsWith(" 1 FAIL"), wide.out());
            run(box, "sh", "-c", modes.substring(modes.indexOf("; fix: ") + 7)).assertOk();
            assertEquals(0, box.ssh("doctor").exit(), "the printed fix fixes it");

            TestBox.Result onBox = hiyDoctor(box, Map.of());
            assertEquals(0, onBox.exit(), onBox.all());
            assertTrue(line(onBox.out(), "ok", "caddy admin").contains("127.0.0.1:" + box.adminPort), onBox.out());
            assertTrue(line(onBox.out(), "ok", "podman").contains("answers on "), onBox.out());

            int nobody = TestBox.freePort();
            TestBox.Result noCaddy = hiyDoctor(box, Map.of("HIY_CADDY_ADMIN", "http://127.0.0.1:" + nobody));
            assertEquals(1, noCaddy.exit(), noCaddy.all());
            String caddy = line(noCaddy.out(), "FAIL", "caddy admin");
            assertTrue(caddy.contains("no Caddy admin API answers at http://127.0.0.1:" + nobody), caddy);
            assertTrue(caddy.contains("; fix: start HIY (infra/hiy server"), caddy);
        }
    }

    private static void assertLimitsAsPodmanSays(TestBox box, String out) throws Exception {
        PodmanMode mode = PodmanMode.of(box);
        if (mode.limitsEnforced()) {
            assertTrue(line(out, "ok", "limits").contains("cgroup " + mode.cgroupVersion()), out);
        } else {
            assertTrue(line(out, "warn", "limits").contains("limits NOT enforced: rootless Podman on cgroup "
                    + mode.cgroupVersion()), out);
            assertTrue(line(out, "warn", "limits").contains("; fix: "), out);
        }
    }

    private static boolean podmanRootless(TestBox box) throws Exception {
        return PodmanMode.of(box).rootless();
    }

    /** `hiy doctor` on the box, in a JVM of its own, with the box's settings and these changed. */
    private static TestBox.Result hiyDoctor(TestBox box, Map<String, String> changed) throws Exception {
        Map<String, String> env = new HashMap<>(box.env());
        env.putAll(changed);
        return TestBox.run(box.root, TestBox.ownJvm("doctor"), env);
    }

    private static TestBox.Result run(TestBox box, String... cmd) throws Exception {
        return TestBox.run(box.root, new ArrayList<>(List.of(cmd)), Map.of());
    }

    /** The one line of that check at that level; fails if there is none or several. */
    private static String line(String out, String level, String check) {
        String start = String.format("%-4s  %-15s ", level, check);
        List<String> lines = out.lines().filter(l -> l.startsWith(start)).toList();
        assertEquals(1, lines.size(), "one line starting \"" + start + "\" in:\n" + out);
        return lines.get(0);
    }
}
