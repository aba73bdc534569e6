package hiy.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.HashSet;
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
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
