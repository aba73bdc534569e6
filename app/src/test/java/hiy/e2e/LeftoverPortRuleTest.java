package hiy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rootful Podman 4.3's CNI sometimes leaves a removed container's port rule in the host's CNI-HOSTPORT-DNAT chain,
 * ahead of the next container's on that port: the port's traffic then goes to the dead container. Here such a
 * leftover is planted on the app's free slot (forwarding to a closed loopback port, so the slot still looks free),
 * and the next push goes live there all the same: HIY removes the leftover once its container has started.
 */
@Tag("e2e")
@Tag("rootful-only")
class LeftoverPortRuleTest {
    private static final String TABLE_CHAIN = "CNI-HOSTPORT-DNAT";

    @Test
    void aPortRuleLeftByARemovedContainerDoesNotStealTheNextReleasesTraffic() throws Exception {
        try (TestBox box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "10"))) {
            String app = box.appName("leftover");
            Path src = box.project(app, webApp("one"));
            box.git(src, "push", box.remote(app), "main").assertOk();
            int live = hostPort(box, box.container(app, "v1-web-1"));
            List<Integer> slots = slots(box, app);
            assertTrue(slots.contains(live), slots + " holds " + live);
            int free = slots.stream().filter(p -> p != live).findFirst().orElseThrow();

            Leftover left = Leftover.plant(free, closedPort());
            try {
                box.commit(src, webApp("two"), "two");
                box.git(src, "push", box.remote(app), "main").assertOk();
                assertEquals("two\n", box.get(app, "/").body());
                assertEquals(free, hostPort(box, box.container(app, "v2-web-1")), "v2 went to the slot with the leftover");
                left.assertGone();
            } finally {
                left.remove();
            }
        }
    }

    @Test
    void atStartHiyRemovesThePortRulesOfItsContainersThatAreGone() throws Exception {
        Leftover left = Leftover.plant(closedPort(), closedPort());
        try {
            try (TestBox box = TestBox.start(Map.of())) {
                left.assertGone();
                box.ssh("apps").assertOk();
            }
        } finally {
            left.remove();
        }
    }

    private static void iptables(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("iptables", "-w"));
        cmd.addAll(List.of(args));
        TestBox.run(Path.of("/"), cmd, Map.of()).assertOk();
    }

    private static int hostPort(TestBox box, String container) throws Exception {
        String out = box.podman("inspect", "--format",
                "{{range $p, $b := .HostConfig.PortBindings}}{{range $b}}{{.HostPort}}{{end}}{{end}}", container)
                .assertOk().out().strip();
        return Integer.parseInt(out);
    }

    private static List<Integer> slots(TestBox box, String app) throws Exception {
        List<Integer> ports = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + box.dataDir.resolve("hiy.db"));
             PreparedStatement q = c.prepareStatement("SELECT port FROM slots WHERE app = ?")) {
            q.setString(1, app);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) ports.add(rs.getInt(1));
            }
        }
        return ports;
    }

    /**
     * A rule as Podman's CNI leaves one: a jump first in CNI-HOSTPORT-DNAT, for an HIY network and a container that
     * does not exist, to a chain that forwards 127.0.0.1:port to a closed loopback port.
     */
    private record Leftover(String chain, String deadId, List<String> jump) {
        static Leftover plant(int port, int closed) throws Exception {
            HexFormat hex = HexFormat.of();
            SecureRandom random = new SecureRandom();
            byte[] chainBytes = new byte[10];
            byte[] idBytes = new byte[32];
            random.nextBytes(chainBytes);
            random.nextBytes(idBytes);
            String chain = "CNI-DN-" + hex.formatHex(chainBytes) + "a";
            String deadId = hex.formatHex(idBytes);
            List<String> jump = List.of(TABLE_CHAIN, "-p", "tcp", "-m", "comment", "--comment",
                    "dnat name: \"hiy-test-leftover\" id: \"" + deadId + "\"", "-m", "multiport", "--dports",
                    String.valueOf(port), "-j", chain);
            Leftover left = new Leftover(chain, deadId, jump);
            // Made by the first rootful container with a published port; made here if no such container ran yet.
            TestBox.run(Path.of("/"), List.of("iptables", "-w", "-t", "nat", "-N", TABLE_CHAIN), Map.of());
            try {
                iptables("-t", "nat", "-N", chain);
                iptables("-t", "nat", "-A", chain, "-p", "tcp", "-d", "127.0.0.1/32", "--dport", String.valueOf(port),
                        "-j", "DNAT", "--to-destination", "127.0.0.1:" + closed);
                List<String> insert = new ArrayList<>(List.of("-t", "nat", "-I", TABLE_CHAIN, "1"));
                insert.addAll(jump.subList(1, jump.size()));
                iptables(insert.toArray(String[]::new));
            } catch (Exception | AssertionError e) {
                left.remove();
                throw e;
            }
            return left;
        }

        /** Neither the jump nor the chain is there any more. */
        void assertGone() throws Exception {
            String rules = TestBox.run(Path.of("/"), List.of("iptables", "-w", "-t", "nat", "-S", TABLE_CHAIN), Map.of())
                    .assertOk().out();
            assertTrue(rules.lines().noneMatch(l -> l.contains(deadId)), "the leftover's jump is gone:\n" + rules);
            assertNotEquals(0, TestBox.run(Path.of("/"), List.of("iptables", "-w", "-t", "nat", "-S", chain), Map.of())
                    .exit(), "the leftover's chain is gone");
        }

        /** Whatever of it is still there. */
        void remove() throws Exception {
            List<String> delete = new ArrayList<>(List.of("iptables", "-w", "-t", "nat", "-D"));
            delete.addAll(jump);
            TestBox.run(Path.of("/"), delete, Map.of());
            TestBox.run(Path.of("/"), List.of("iptables", "-w", "-t", "nat", "-F", chain), Map.of());
            TestBox.run(Path.of("/"), List.of("iptables", "-w", "-t", "nat", "-X", chain), Map.of());
        }
    }

    /** A loopback port nothing listens on: a connection forwarded there is refused at once. */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
