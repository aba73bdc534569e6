package hiy.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Picks the two loopback ports of a new app: above the ones other apps hold, and free right now. */
public final class Slots {
    /** Below Linux's ephemeral range (32768+), so outgoing connections never take an app's port. */
    public static final int FIRST_PORT = 20000;
    public static final int LAST_PORT = 32767;

    private Slots() { }

    public static int[] pick(Collection<Integer> taken) {
        Set<Integer> used = new HashSet<>(taken);
        int[] pair = new int[2];
        int found = 0;
        for (int p = FIRST_PORT; p <= LAST_PORT && found < 2; p++) {
            if (!used.contains(p) && free(p)) pair[found++] = p;
        }
        if (found < 2) throw new IllegalStateException("no free loopback ports left between " + FIRST_PORT + " and " + LAST_PORT);
        return pair;
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
