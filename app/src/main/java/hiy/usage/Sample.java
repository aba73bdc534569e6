package hiy.usage;

import java.time.Instant;

/**
 * What one app's processes (those of its current release) used at one time, summed over each container's main
 * process and all its descendants. rssBytes: their resident memory; pages they share (a forking server's) count once
 * per process. cpuPercent: of ONE core (above 100 with several busy cores), over the time since the round before, or
 * since the container started for one that is new since then.
 */
public record Sample(Instant at, long rssBytes, double cpuPercent) {}
