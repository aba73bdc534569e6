package hiy.release;

import java.util.Map;
import java.util.TreeMap;

/**
 * How long switches to a new release took, from their start to live, by app, since HIY started: the counts of a
 * histogram (hiy_switch_duration_seconds), kept as counts so memory stays the same however many switches there are.
 */
public final class SwitchDurations {
    /** In seconds: a cached web process is up in a second or two, a slow boot takes HIY_BOOT_TIMEOUT. */
    public static final double[] BUCKETS = {0.5, 1, 2, 5, 10, 30, 60, 120};

    /** counts[i]: switches within BUCKETS[i] (not cumulative); the last one counts the slower ones. */
    public record Histogram(long[] counts, double sumSeconds, long count) { }

    private final Map<String, Histogram> byApp = new TreeMap<>();

    synchronized void record(String app, double seconds) {
        Histogram h = byApp.getOrDefault(app, new Histogram(new long[BUCKETS.length + 1], 0, 0));
        long[] counts = h.counts().clone();
        int i = 0;
        while (i < BUCKETS.length && seconds > BUCKETS[i]) i++;
        counts[i]++;
        byApp.put(app, new Histogram(counts, h.sumSeconds() + seconds, h.count() + 1));
    }

    synchronized void forget(String app) {
        byApp.remove(app);
    }

    public synchronized Map<String, Histogram> byApp() {
        return new TreeMap<>(byApp);
    }
}
