package hiy.model;

import java.time.Duration;

/** Durations as push and command output show them: "12.3 s". */
public final class Durations {
    private Durations() { }

    public static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    /** How long since a System.nanoTime() reading. */
    public static String secondsSince(long nanoStart) {
        return seconds(Duration.ofNanos(System.nanoTime() - nanoStart));
    }
}
