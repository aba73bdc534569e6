package hiy.hooks;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Streams one build's progress to whoever waits on it (a push, `ssh deploy`): every line as it comes, a heartbeat
 * line when the build is quiet so idle timeouts never cut the session, until the build ends or the reader leaves.
 */
public final class BuildFollower {
    /** A quiet line at least this often keeps proxies and idle timeouts from cutting a long build. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(15);

    public enum Outcome { SUCCEEDED, FAILED, READER_LEFT, INTERRUPTED }

    /** failure: why the build did not go live, when it FAILED (null if the queue gave no reason). */
    public record Ending(Outcome outcome, String failure) {
        static Ending of(Outcome outcome) {
            return new Ending(outcome, null);
        }
    }

    private BuildFollower() { }

    /** Announces a queue wait, then follows; {@code gone} reports that the reader disconnected. */
    public static Ending follow(Deployments deployments, long buildId, Consumer<String> lines, BooleanSupplier gone) {
        int ahead = deployments.ahead(buildId);
        if (ahead > 0) lines.accept("-----> Queued behind " + ahead + " build" + (ahead == 1 ? "" : "s"));
        long start = System.nanoTime();
        int read = 0;
        try {
            while (true) {
                Deployments.Progress p = deployments.read(buildId, read, HEARTBEAT);
                read += p.lines().size();
                p.lines().forEach(lines);
                if (p.finished()) return p.succeeded() ? Ending.of(Outcome.SUCCEEDED) : new Ending(Outcome.FAILED, p.failure());
                if (p.lines().isEmpty()) {
                    lines.accept("       … still working (" + (System.nanoTime() - start) / 1_000_000_000 + " s)");
                }
                if (gone.getAsBoolean()) return Ending.of(Outcome.READER_LEFT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Ending.of(Outcome.INTERRUPTED);
        }
    }
}
