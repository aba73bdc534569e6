package hiy.usage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A made-up /proc in a folder: the few files {@link ProcFiles} reads, written as the kernel writes them. */
final class FakeProc {
    final Path root;

    FakeProc(Path root) {
        this.root = root;
        write("self/status", "Name:\tjava\nVmRSS:\t  150000 kB\n");
    }

    /** A process with its stat line and, when rssKb is not null, its status; cutime: of children it waited for. */
    FakeProc process(long pid, String name, long parent, long utime, long stime, long cutime, long startTime,
                     Long rssKb) {
        write(pid + "/stat", pid + " (" + name + ") S " + parent + " " + pid + " " + pid + " 0 -1 4194560 0 0 0 0 "
                + utime + " " + stime + " " + cutime + " 0 20 0 1 0 " + startTime + " 1000 10\n");
        if (rssKb != null) write(pid + "/status", "Name:\t" + name + "\nState:\tS (sleeping)\nVmRSS:\t " + rssKb + " kB\n");
        return this;
    }

    /** The process ended: its folder is gone. */
    FakeProc gone(long pid) {
        try (Stream<Path> files = Files.walk(root.resolve(Long.toString(pid)))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The box's CPU time in ticks, as /proc/stat's first line lists it (guest time is in user already). */
    FakeProc cpu(long user, long system, long idle, long iowait, long guest) {
        write("stat", "cpu  " + user + " 0 " + system + " " + idle + " " + iowait + " 0 0 0 " + guest + " 0\n"
                + "cpu0 1 2 3 4 5 6 7 8 9 10\nintr 12345\n");
        return this;
    }

    FakeProc uptime(String seconds) {
        write("uptime", seconds + " 54321.00\n");
        return this;
    }

    FakeProc memory(long totalKb, long availableKb) {
        write("meminfo", "MemTotal:       " + totalKb + " kB\nMemFree:          1000 kB\nMemAvailable:   "
                + availableKb + " kB\n");
        return this;
    }

    void write(String file, String text) {
        try {
            Path p = root.resolve(file);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
