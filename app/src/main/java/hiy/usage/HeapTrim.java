package hiy.usage;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Gives the heap that a burst of work grew back to the box: HIY's JVM (serial GC) shrinks its heap only after a
 * full collection, which an idle HIY never has, so a heap that grew to tens of MB for a few pushes stayed that big.
 * {@link #FIRST} after start and then every {@link #EVERY}, if the heap the JVM holds grew by {@link #GROWTH} or
 * more since the last trim, one full collection (a few tens of milliseconds) lets it shrink to what its live
 * objects need plus the free share that infra/hiy allows (-XX:MaxHeapFreeRatio). A heap that stays the same size
 * costs nothing.
 */
final class HeapTrim {
    /** The first round: once the start's work (reconciliation, the first routes) is over. */
    static final Duration FIRST = Duration.ofSeconds(15);
    static final Duration EVERY = Duration.ofSeconds(60);
    static final long GROWTH = 4L << 20;

    private final LongSupplier heldBytes;
    private final Runnable collect;
    /** What the heap held after the last trim; 0 before the first, so the start's growth is given back too. */
    private long afterLast;

    HeapTrim(LongSupplier heldBytes, Runnable collect) {
        this.heldBytes = heldBytes;
        this.collect = collect;
    }

    /** The JVM's own heap: Runtime.totalMemory, a full collection by System.gc. */
    static HeapTrim ofThisJvm() {
        Runtime jvm = Runtime.getRuntime();
        return new HeapTrim(jvm::totalMemory, System::gc);
    }

    /** One round: a full collection when the heap grew enough since the last; whether it collected. */
    boolean round() {
        if (heldBytes.getAsLong() < afterLast + GROWTH) return false;
        collect.run();
        afterLast = heldBytes.getAsLong();
        return true;
    }
}
