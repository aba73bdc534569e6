package hiy.usage;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeapTrimTest {
    private static final long MB = 1L << 20;

    @Test
    void collectsOnlyAfterTheHeapGrewSinceTheLastTrim() {
        AtomicLong held = new AtomicLong(30 * MB);
        AtomicInteger collections = new AtomicInteger();
        HeapTrim trim = new HeapTrim(held::get, () -> {
            collections.incrementAndGet();
            held.set(14 * MB); // the heap shrank to what it needs
        });
        assertTrue(trim.round(), "the start-up's growth is given back at the first round");
        assertFalse(trim.round(), "a heap that stayed as it was costs no collection");
        held.set(14 * MB + HeapTrim.GROWTH - 1);
        assertFalse(trim.round(), "less than GROWTH is left alone");
        held.set(14 * MB + HeapTrim.GROWTH);
        assertTrue(trim.round());
        assertEquals(2, collections.get());
    }
}
