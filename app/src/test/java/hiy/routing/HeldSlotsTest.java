package hiy.routing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Held slots stay out of rotation without a gap; a slot being readied is taken back within a brief hold. */
class HeldSlotsTest {
    private static final int SLOT = 40001;

    private final FakeRouter router = new FakeRouter();

    private HeldSlots slots() {
        return new HeldSlots(router, RouteTable.HOLD.dividedBy(5), RouteTable.BRIEF_HOLD.dividedBy(5));
    }

    /** Samples the slot for a while: false as soon as the router would have sent it a request. */
    private boolean heldThroughout(Duration span) throws InterruptedException {
        long end = System.nanoTime() + span.toNanos();
        while (System.nanoTime() < end) {
            if (router.usable(SLOT)) return false;
            Thread.sleep(2);
        }
        return true;
    }

    /** How long after the give-back the router would send to the slot again. */
    private long millisUntilUsable(HeldSlots held) throws InterruptedException {
        long from = System.nanoTime();
        assertTrue(held.giveBack(SLOT));
        while (!router.usable(SLOT)) Thread.sleep(2);
        return (System.nanoTime() - from) / 1_000_000;
    }

    @Test
    void aSlotBeingReadiedStaysHeldOnBriefHoldsAndIsTakenBackWithinOne() throws Exception {
        try (HeldSlots held = slots()) {
            held.hold(List.of(SLOT));
            held.shorten(SLOT);
            // Longer than a whole hold: the whole holds sent before have run out, the brief ones hold it alone.
            assertTrue(heldThroughout(RouteTable.HOLD.plusMillis(500)), "no gap while the brief holds took over");
            long millis = millisUntilUsable(held);
            assertTrue(millis <= RouteTable.BRIEF_HOLD.toMillis() + 100, "taken back after " + millis + " ms");
        }
    }

    @Test
    void aSlotNoLongerReadiedGetsWholeHoldsAgain() throws Exception {
        try (HeldSlots held = slots()) {
            held.hold(List.of(SLOT));
            held.shorten(SLOT);
            held.briefOnly(Set.of());
            assertTrue(heldThroughout(RouteTable.BRIEF_HOLD.plusMillis(200)));
            long millis = millisUntilUsable(held);
            assertTrue(millis > RouteTable.BRIEF_HOLD.toMillis(), "a whole hold still ran: " + millis + " ms");
        }
    }

    @Test
    void aSlotNotHeldIsNotShortenedIntoAHold() throws Exception {
        try (HeldSlots held = slots()) {
            held.shorten(SLOT);
            assertTrue(router.usable(SLOT));
            assertFalse(held.giveBack(SLOT));
        }
    }
}
