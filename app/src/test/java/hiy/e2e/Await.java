package hiy.e2e;

import java.time.Duration;
import java.util.function.Predicate;

/** The one way end-to-end tests wait: poll a probe until its value is as expected, or fail after a deadline. */
final class Await {
    private static final long PAUSE_MILLIS = 100;

    @FunctionalInterface
    interface Probe<T> {
        T get() throws Exception;
    }

    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    private Await() { }

    /** The probe's first value that is {@code done}; fails naming {@code what} and the last value seen. */
    static <T> T until(String what, Duration deadline, Probe<T> probe, Predicate<T> done) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not within " + deadline.toSeconds() + " s: " + what + "; last seen: " + last);
            }
            Thread.sleep(PAUSE_MILLIS);
            last = probe.get();
        }
        return last;
    }

    static void until(String what, Duration deadline, Condition condition) throws Exception {
        until(what, deadline, condition::holds, Boolean::booleanValue);
    }
}
