package hiy.usage;

import hiy.host.ProcFields;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The files of /proc that say what processes and the box use, under a root of the caller's (the host's /proc, or a
 * made-up one in a test). Reading them costs nothing beyond the reads, and wakes nobody: no Podman, no cgroup tool. A
 * process that ends while it is read is left out, never an error.
 */
final class ProcFiles {
    /**
     * /proc counts CPU time in USER_HZ clock ticks, which the kernel fixes at 100 per second for user space on every
     * architecture HIY runs on, whatever its internal tick rate (sysconf(_SC_CLK_TCK), which Java cannot call).
     */
    static final int TICKS_PER_SECOND = 100;

    /** The box's CPU time since boot, in ticks: busy (neither idle nor waiting for I/O) and in all. */
    record CpuTicks(long busy, long total) {
        /** The busy share since {@code before}, or since boot without one; 0 to 100. */
        double percentSince(CpuTicks before) {
            long busySince = before == null ? busy : busy - before.busy;
            long totalSince = before == null ? total : total - before.total;
            return totalSince <= 0 ? 0 : Math.min(100, Math.max(0, 100.0 * busySince / totalSince));
        }
    }

    /** available: what the kernel could give programs without swapping. */
    record Memory(long total, long available) {}

    private final Path root;

    ProcFiles(Path root) {
        this.root = root;
    }

    /** Every process there is now, from one pass over the stat file of each numbered directory. */
    ProcessTable processes() {
        List<ProcessTable.Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(root, p -> isPid(p.getFileName().toString()))) {
            for (Path dir : pids) entry(dir).ifPresent(entries::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the processes in " + root, e);
        }
        return new ProcessTable(entries);
    }

    /** The process's resident memory (VmRSS); empty when it is gone, 0 for one that has none (a zombie). */
    OptionalLong rss(long pid) {
        return vmRss(Long.toString(pid));
    }

    /** HIY's own resident memory. */
    OptionalLong ownRss() {
        return vmRss("self");
    }

    /** From /proc/stat's first line, the sum over all cores; empty when it cannot be read. */
    Optional<CpuTicks> cpu() {
        return read(root.resolve("stat")).flatMap(text -> text.lines().filter(l -> l.startsWith("cpu ")).findFirst())
                .flatMap(ProcFiles::cpuTicks);
    }

    /** The clock ticks since boot (/proc/uptime counts in seconds), to set against a process's start time. */
    OptionalLong uptimeTicks() {
        try {
            Optional<Double> seconds = read(root.resolve("uptime"))
                    .map(text -> Double.parseDouble(text.strip().split("\\s+")[0]));
            return seconds.map(s -> OptionalLong.of(Math.round(s * TICKS_PER_SECOND))).orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** MemTotal and MemAvailable of /proc/meminfo; empty when it cannot be read or names no MemTotal. */
    Optional<Memory> memory() {
        return read(root.resolve("meminfo")).filter(text -> ProcFields.bytes(text, "MemTotal").isPresent())
                .map(text -> new Memory(ProcFields.bytes(text, "MemTotal").getAsLong(),
                        ProcFields.bytes(text, "MemAvailable").orElse(0)));
    }

    /** user nice system idle iowait irq softirq steal guest guest_nice; guest time is in user and nice already. */
    private static Optional<CpuTicks> cpuTicks(String line) {
        String[] f = line.substring("cpu ".length()).strip().split("\\s+");
        if (f.length < 8) return Optional.empty();
        try {
            long total = 0;
            for (int i = 0; i < 8; i++) total += Long.parseLong(f[i]);
            long idle = Long.parseLong(f[3]) + Long.parseLong(f[4]);
            return Optional.of(new CpuTicks(total - idle, total));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Fields 4 (parent), 14 to 17 (utime, stime, cutime, cstime) and 22 (start time) of /proc/PID/stat. */
    private static Optional<ProcessTable.Entry> entry(Path dir) {
        long pid = Long.parseLong(dir.getFileName().toString());
        try {
            return read(dir.resolve("stat")).flatMap(ProcFields::stat).map(f -> new ProcessTable.Entry(pid,
                    Long.parseLong(f[4 - 3]), Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3])
                    + Long.parseLong(f[16 - 3]) + Long.parseLong(f[17 - 3]), Long.parseLong(f[22 - 3])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private OptionalLong vmRss(String pid) {
        return read(root.resolve(pid).resolve("status"))
                .map(text -> OptionalLong.of(ProcFields.bytes(text, "VmRSS").orElse(0)))
                .orElse(OptionalLong.empty());
    }

    private static boolean isPid(String name) {
        return !name.isEmpty() && name.length() < 19 && name.chars().allMatch(Character::isDigit);
    }

    /**
     * Empty when the file is gone (its process ended) or cannot be read. Read as ISO-8859-1, which takes any byte: a
     * command name may hold UTF-8, which would make a strict ASCII read fail.
     */
    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
