package hiy.runtime;

import java.time.Instant;

/**
 * One container as the engine sees it: state ("running", "exited", …), since when it runs (null when it does
 * not), how often the engine restarted it, and its memory use in bytes (null when unknown or not running).
 */
public record ContainerStatus(String name, String state, Instant startedAt, int restarts, Long memoryBytes) {
}
