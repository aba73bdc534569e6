package hiy.model;

import java.time.Duration;

/**
 * How a new release proves it is up before traffic moves to it, and how long an old one gets to stop.
 * Healthy: {@code successes} answers in a row below 500 on {@code path}, polled every {@code interval},
 * within {@code bootTimeout} of the start.
 */
public record HealthCheck(String path, int successes, Duration interval, Duration bootTimeout, Duration stopGrace) {
    public static final String DEFAULT_PATH = "/";
    public static final int DEFAULT_SUCCESSES = 1;
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);

    /** A partial check: null fields fall through to the next source (user → app.json → defaults). */
    public record Overrides(String path, Integer successes, Duration interval, Duration bootTimeout, Duration stopGrace) {
        public static final Overrides NONE = new Overrides(null, null, null, null, null);

        public HealthCheck over(HealthCheck base) {
            return new HealthCheck(path != null ? path : base.path(), successes != null ? successes : base.successes(),
                    interval != null ? interval : base.interval(), bootTimeout != null ? bootTimeout : base.bootTimeout(),
                    stopGrace != null ? stopGrace : base.stopGrace());
        }

        public Overrides over(Overrides base) {
            return new Overrides(path != null ? path : base.path(), successes != null ? successes : base.successes(),
                    interval != null ? interval : base.interval(), bootTimeout != null ? bootTimeout : base.bootTimeout(),
                    stopGrace != null ? stopGrace : base.stopGrace());
        }
    }
}
