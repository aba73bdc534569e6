package hiy.usage;

import java.time.Instant;

/**
 * The box at one time. cpuPercent: of all its cores together (0 to 100), over the time since the round before, or
 * since boot in the first round. memAvailableBytes: what the kernel could give programs without swapping
 * (MemAvailable). hiyRssBytes: HIY's own resident memory.
 */
public record BoxSample(Instant at, double cpuPercent, long memTotalBytes, long memAvailableBytes, long hiyRssBytes) {}
