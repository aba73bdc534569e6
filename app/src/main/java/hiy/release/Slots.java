package hiy.release;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks loopback ports for app slots: not held by another app, and free right now. The search starts at a
 * random place in the range, so two HIYs on one box (a test run beside a real one) rarely reach for the same port.
 */
public final class Slots {
    /** Below Linux's ephemeral range (32768+), so outgoing connections never take an app's port. */
    public static final int FIRST_PORT = 20000;
    public static final int LAST_PORT = 32767;
    /** A port nothing listens on refuses at once on loopback; anything slower is forwarded somewhere. */
    private static final int PROBE_TIMEOUT_MS = 300;

    private Slots() { }

    public static int[] pick(Collection<Integer> taken, int count) {
        Set<Integer> used = new HashSet<>(taken);
        int size = LAST_PORT - FIRST_PORT + 1;
        int offset = ThreadLocalRandom.current().nextInt(size);
        int[] picked = new int[count];
        int found = 0;
        for (int i = 0; i < size && found < count; i++) {
            int p = FIRST_PORT + (offset + i) % size;
            if (!used.contains(p) && free(p)) picked[found++] = p;
        }
        if (found < count) throw new IllegalStateException("no free loopback ports left between " + FIRST_PORT + " and " + LAST_PORT);
        return picked;
    }

    public static boolean free(int port) {
        return taken(port).isEmpty();
    }

    /**
     * Why a container published on 127.0.0.1:port would not get that port's traffic, as the end of a sentence
     * ("port N …"); empty if it would. Two ways: a program holds the port, or a forwarding rule still sends it
     * elsewhere: Podman 4.3's CNI sometimes leaves a removed container's port rule behind, and that rule wins over
     * the next container's, so traffic to the port would go to the old container's address.
     */
    public static Optional<String> taken(int port) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket s = new ServerSocket()) {
            // Connections a listener there closed linger in TIME_WAIT for a minute (rootless Podman's port forwarder
            // is such a listener on the host): without this they made a just-freed slot look taken, so the app was
            // moved to another port (a route change) though its container could have listened there. A program that
            // listens on the port still makes the bind fail.
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(loopback, port));
        } catch (IOException e) {
            return Optional.of("is taken by another program");
        }
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(loopback, port), PROBE_TIMEOUT_MS);
        } catch (ConnectException e) {
            if (String.valueOf(e.getMessage()).contains("refused")) return Optional.empty();
            return Optional.of(forwarded());
        } catch (IOException e) {
            return Optional.of(forwarded());
        }
        return Optional.of(forwarded());
    }

    private static String forwarded() {
        return "is still forwarded elsewhere by a port rule the container engine left behind"
                + " (`iptables -t nat -S | grep CNI-DN` shows it)";
    }
}
