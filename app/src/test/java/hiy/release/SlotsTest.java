package hiy.release;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Whether a slot port would get its traffic: checked against a real listener and a real kernel forwarding rule. */
class SlotsTest {
    @Test
    void aPortNothingUsesIsFreeAndABoundOneIsTaken() throws Exception {
        int port = Slots.pick(List.of(), 1)[0];
        assertTrue(Slots.taken(port).isEmpty(), "nothing uses " + port);
        try (ServerSocket holder = new ServerSocket()) {
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertEquals("is taken by another program", Slots.taken(port).orElse(""));
        }
    }

    /** A listener that closed its connections first leaves them in TIME_WAIT on its port, which is free all the same. */
    @Test
    void aPortWhoseListenerClosedItsConnectionsIsFreeOnceTheListenerIsGone() throws Exception {
        int port = Slots.pick(List.of(), 1)[0];
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                listener.accept().close(); // the listener's side closes first: its end goes to TIME_WAIT
                assertEquals(-1, client.getInputStream().read());
            }
            assertEquals("is taken by another program", Slots.taken(port).orElse(""), "while it listens");
        }
        assertTrue(timeWaitOn(port), "the closed connection lingers on " + port);
        assertEquals(Optional.empty(), Slots.taken(port), "nothing listens on " + port + " any more");
    }

    private static boolean timeWaitOn(int port) throws Exception {
        Process ss = new ProcessBuilder("ss", "-Htan", "state", "time-wait", "( sport = :" + port + " )")
                .redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes());
        assertTrue(ss.waitFor(10, TimeUnit.SECONDS) && ss.exitValue() == 0, "ss failed: " + out);
        return !out.isBlank();
    }

    /**
     * What Podman 4.3's CNI sometimes leaves behind when it removes a container: a NAT rule that still sends the
     * port elsewhere. No program holds the port, yet a container published there would never get its traffic.
     */
    @Test
    void aPortALeftoverForwardingRuleStillSendsElsewhereIsNotFree() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "changing the NAT table needs root");
        int[] ports = Slots.pick(List.of(), 2);
        String rule = "-p tcp -d 127.0.0.1 --dport " + ports[0] + " -m comment --comment hiy-slots-test-" + ProcessHandle.current().pid()
                + " -j DNAT --to-destination 127.0.0.1:" + ports[1];
        try (ServerSocket elsewhere = new ServerSocket()) {
            elsewhere.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports[1]));
            iptables("-I", rule);
            try {
                String why = Slots.taken(ports[0]).orElse("");
                assertTrue(why.contains("still forwarded elsewhere"), why);
            } finally {
                iptables("-D", rule);
            }
            assertTrue(Slots.taken(ports[0]).isEmpty(), "free again once the rule is gone");
        }
    }

    private static void iptables(String action, String rule) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("iptables", "-w", "-t", "nat", action, "OUTPUT"));
        command.addAll(List.of(rule.split(" ")));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "iptables " + action + " finished");
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }
}
