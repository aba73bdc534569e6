package hiy.host;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process of this host seen by its pid and start time (field 22 of /proc/PID/stat, clock ticks since boot): a
 * process that got the same pid later has another start time and is never taken for it. Reading /proc costs no
 * system call beyond the read, so it can be asked every few seconds. Linux only, as HIY is.
 */
public record HostProcess(long pid, long startTime) {

    /** The process with that pid as it runs now; empty when there is none (or only a zombie). */
    public static Optional<HostProcess> of(long pid) {
        if (pid <= 0) return Optional.empty();
        return stat(pid).filter(HostProcess::living).map(f -> new HostProcess(pid, Long.parseLong(f[19])));
    }

    /** Whether it still runs: the pid is there, with the same start time, and is no zombie. */
    public boolean alive() {
        return stat(pid).filter(HostProcess::living).map(f -> Long.parseLong(f[19]) == startTime).orElse(false);
    }

    private static boolean living(String[] fields) {
        return !fields[0].equals("Z") && !fields[0].equals("X");
    }

    /** Fields 3 on of /proc/PID/stat ({@link ProcFields#stat}). */
    private static Optional<String[]> stat(long pid) {
        try {
            return ProcFields.stat(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
