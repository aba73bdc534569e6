package hiy.usage;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The samples of one thing within the last {@link UsageSampler#KEPT}, oldest first, and never more than one round
 * makes in that time: a fixed bound on memory whatever the clock does. Read by other threads while the sampler adds.
 */
final class History<T> {
    static final int CAPACITY = (int) (UsageSampler.KEPT.toSeconds() / UsageSampler.EVERY.toSeconds());

    private final ArrayDeque<T> samples = new ArrayDeque<>();
    private final Function<T, Instant> at;

    History(Function<T, Instant> at) {
        this.at = at;
    }

    synchronized void add(T sample) {
        samples.addLast(sample);
        if (samples.size() > CAPACITY) samples.removeFirst();
    }

    /** Drops the samples that are {@link UsageSampler#KEPT} old or older at {@code now}. */
    synchronized void age(Instant now) {
        Instant oldest = now.minus(UsageSampler.KEPT);
        while (!samples.isEmpty() && !at.apply(samples.peekFirst()).isAfter(oldest)) samples.removeFirst();
    }

    synchronized List<T> all() {
        return List.copyOf(samples);
    }

    synchronized Optional<T> latest() {
        return Optional.ofNullable(samples.peekLast());
    }

    synchronized boolean isEmpty() {
        return samples.isEmpty();
    }
}
