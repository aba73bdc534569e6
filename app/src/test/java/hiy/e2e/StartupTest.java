package hiy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** What an operator sees at the command line: keys add, and one clear line when HIY cannot start. */
// Also in the rootful pass (infra/test.sh): Podman without HIY's ulimit settings fails at start rootful,
// and starts rootless
@Tag("e2e")
@Tag("both-modes")
class StartupTest {
    @TempDir
    Path dir;

    /**
     * Runs the real CLI in its own JVM, as `java -jar hiy.jar` would, with the given environment; as HIY_E2E_USER
     * when set, this test's folder then that user's (as its data dir would be).
     */
    private TestBox.Result hiy(Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("HIY_DATA_DIR", dir.resolve("data").toString());
        TestBox.giveToUser(dir);
        return TestBox.run(dir, TestBox.ownJvm(args), all);
    }

    private Path key(String name) throws Exception {
        Path key = dir.resolve(name);
        TestBox.run(dir, List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), Map.of()).assertOk();
        return Path.of(key + ".pub");
    }

    @Test
    void keysAddRegistersAnAdminAndRefusesBadKeys() throws Exception {
        TestBox.Result added = hiy(Map.of(), "keys", "add", "alice", key("alice").toString(), "--admin").assertOk();
        assertTrue(added.out().matches("Added key alice \\(ED25519 SHA256:[A-Za-z0-9+/]+\\) as admin\\.\\n"), added.out());
        TestBox.Result again = hiy(Map.of(), "keys", "add", "bob", dir.resolve("alice.pub").toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("already registered for alice"), again.err());
        Files.writeString(dir.resolve("junk.pub"), "ssh-ed25519 not-base64 x\n");
        TestBox.Result junk = hiy(Map.of(), "keys", "add", "carol", dir.resolve("junk.pub").toString());
        assertEquals(1, junk.exit());
        assertTrue(junk.err().contains("not a valid OpenSSH public key"), junk.err());
        TestBox.Result missing = hiy(Map.of(), "keys", "add", "dave", dir.resolve("nope.pub").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("cannot read"), missing.err());
    }

    @Test
    void dataDirThatCannotBeWrittenIsOneClearLine() throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        TestBox.Result r = hiy(Map.of("HIY_DATA_DIR", file.resolve("data").toString()), "server");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("hiy: data dir ") && r.err().contains("HIY_DATA_DIR"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void badSettingIsOneClearLine() throws Exception {
        TestBox.Result r = hiy(Map.of("HIY_SSH_PORT", "lots"), "server");
        assertEquals(1, r.exit());
        assertEquals("hiy: HIY_SSH_PORT=lots is not valid: set it to a port number from 1 to 65535 (default 2222)\n", r.err());
    }

    @Test
    void portInUseNamesThePortAndTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> env = Map.of(
                    "HIY_SSH_PORT", String.valueOf(taken.getLocalPort()),
                    "HIY_HTTP_PORT", String.valueOf(TestBox.freePort()),
                    "HIY_HTTPS_PORT", String.valueOf(TestBox.freePort()),
                    "HIY_CADDY_ADMIN", "http://127.0.0.1:" + TestBox.freePort());
            TestBox.Result r = hiy(env, "server");
            assertEquals(1, r.exit());
            String last = r.err().lines().reduce((a, b) -> b).orElse("");
            assertTrue(last.startsWith("hiy: SSH port " + taken.getLocalPort() + " is in use") && last.contains("HIY_SSH_PORT"), r.err());
        }
    }

    /**
     * HIY started against a Podman that cannot run its containers: CONTAINERS_CONF gives the service HIY starts a
     * missing runtime or leaves out HIY's settings. (A missing catatonit is proven by infra/test-fresh-box.sh.)
     */
    private TestBox.Result serverWithPodmanConf(String containersConf) throws Exception {
        assumeFalse(Files.exists(Path.of("/run/podman/podman.sock")),
                "a Podman service already answers on /run/podman/podman.sock: HIY would use it, not start its own");
        Path conf = dir.resolve("containers.conf");
        Files.writeString(conf, containersConf);
        Map<String, String> env = Map.of(
                "CONTAINERS_CONF", conf.toString(),
                "HIY_PODMAN_SOCKET", "",
                "XDG_RUNTIME_DIR", dir.toString(),
                "HIY_SSH_PORT", String.valueOf(TestBox.freePort()),
                "HIY_HTTP_PORT", String.valueOf(TestBox.freePort()),
                "HIY_HTTPS_PORT", String.valueOf(TestBox.freePort()),
                "HIY_CADDY_ADMIN", "http://127.0.0.1:" + TestBox.freePort());
        return hiy(env, "server");
    }

    private static String lastLine(String text) {
        return text.lines().reduce((a, b) -> b).orElse("");
    }

    @Test
    void podmanWithoutHiysSettingsIsOneLineThatNamesTheFix() throws Exception {
        String withoutUlimits = """
                [engine]
                runtime = "runc"
                cgroup_manager = "cgroupfs"
                events_logger = "file"
                """;
        if (!TestBox.AS_USER.isEmpty()) {
            // Rootless Podman gives containers the user's own rlimits, which these boxes grant: HIY starts.
            Path conf = Files.writeString(dir.resolve("containers.conf"), withoutUlimits);
            TestBox.giveToUser(dir);
            try (TestBox box = TestBox.startAsProcess(Map.of("CONTAINERS_CONF", conf.toString(), "HIY_PODMAN_SOCKET", ""))) {
                assertTrue(Files.readString(box.processLog()).contains("listening"), Files.readString(box.processLog()));
            }
            return;
        }
        // Rootful, without explicit ulimits every container start fails on these boxes (docs/install.md): caught at start.
        TestBox.Result r = serverWithPodmanConf(withoutUlimits);
        assertEquals(1, r.exit(), r.err());
        String last = lastLine(r.err());
        assertTrue(last.startsWith("hiy: Podman cannot start a container with an init process")
                && last.contains("rlimit") && last.contains("sudo infra/podman/configure.sh"), r.err());
    }

    @Test
    void missingRuntimeIsOneLineThatNamesThePackage() throws Exception {
        TestBox.Result r = serverWithPodmanConf("""
                [engine]
                runtime = "hiy-test-no-such-runtime"
                cgroup_manager = "cgroupfs"
                events_logger = "file"
                """);
        assertEquals(1, r.exit(), r.err());
        String last = lastLine(r.err());
        assertTrue(last.startsWith("hiy: `podman system service` exited at start: ")
                && last.contains("hiy-test-no-such-runtime") && last.contains("sudo apt-get install runc"), r.err());
    }
}
