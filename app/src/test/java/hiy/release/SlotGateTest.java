package hiy.release;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The guard of a slot whose container starts: a host listener that never answers (Podman's conmon holding the port
 * before the container's network is up) gets no connection, so nothing waits in its backlog. Needs root and iptables,
 * as the gate does; the port forwarding to a container passes it (checked end to end by the redeploy bench).
 */
class SlotGateTest {
    @Test
    void aGuardedSlotRefusesWhatOnlyAHostListenerWouldTakeAndUnguardedItIsTakenAgain() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the gate's firewall rules need root");
        SlotGate gate = new SlotGate(true);
        try (ServerSocket conmonLike = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = conmonLike.getLocalPort();
            connect(port);
            gate.guard(port);
            try {
                assertThrows(IOException.class, () -> connect(port), "a guarded slot refuses the connection at once");
            } finally {
                gate.unguard(port);
            }
            connect(port);
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        }
    }
}
