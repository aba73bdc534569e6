package hiy.usage;

import java.nio.file.Path;

/**
 * The file system that holds one of HIY's places. what: "data dir" or "Podman storage". freeBytes: what HIY's user may
 * still write there (the share reserved for root left out), as {@code df} says under Avail.
 */
public record Disk(String what, Path path, long totalBytes, long freeBytes) {}
