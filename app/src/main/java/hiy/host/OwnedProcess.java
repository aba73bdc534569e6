package hiy.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A process HIY starts that outlives a crash of HIY (Caddy, the Podman service). It is recorded in a pid file as
 * pid and start time (field 22 of /proc/PID/stat, in clock ticks since boot), so the next HIY on the same data dir
 * finds it, supervises it again and never starts a second one; a process that got the same pid later has another
 * start time, and is never taken for it. Linux only, as HIY is.
 */
public final class OwnedProcess {
    private static final Duration POLL = Duration.ofMillis(50);

    private final long pid;
    private final long startTime;
    private final Path pidFile;
    /** Set when this HIY started it (so its exit code can be read); null for one found again after a restart. */
    private final Process child;

    private OwnedProcess(long pid, long startTime, Path pidFile, Process child) {
        this.pid = pid;
        this.startTime = startTime;
        this.pidFile = pidFile;
        this.child = child;
    }

    /** Starts the process and records it in pidFile (mode 0600), replacing what was recorded there. */
    public static OwnedProcess start(ProcessBuilder builder, Path pidFile) throws IOException {
        Process process = builder.start();
        Optional<HostProcess> started = HostProcess.of(process.pid());
        if (started.isEmpty()) {
            // Exited at once: nothing to record, and the caller sees it dead and reads its exit code.
            return new OwnedProcess(process.pid(), -1, pidFile, process);
        }
        Path temp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, process.pid() + " " + started.get().startTime() + "\n", StandardCharsets.US_ASCII);
        Files.move(temp, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new OwnedProcess(process.pid(), started.get().startTime(), pidFile, process);
    }

    /**
     * The process recorded in pidFile, if it still runs (same pid, same start time, not a zombie) and its command
     * line contains {@code commandMark} (say, the path of its config in this data dir). Empty otherwise, also when
     * the file is missing or damaged.
     */
    public static Optional<OwnedProcess> find(Path pidFile, String commandMark) {
        List<String> fields;
        try {
            fields = List.of(Files.readString(pidFile, StandardCharsets.US_ASCII).strip().split(" "));
        } catch (IOException e) {
            return Optional.empty();
        }
        if (fields.size() != 2 || !fields.get(0).matches("\\d{1,10}") || !fields.get(1).matches("\\d{1,19}")) {
            return Optional.empty();
        }
        OwnedProcess recorded = new OwnedProcess(Long.parseLong(fields.get(0)), Long.parseLong(fields.get(1)),
                pidFile, null);
        if (!recorded.alive() || !commandLine(recorded.pid).contains(commandMark)) return Optional.empty();
        return Optional.of(recorded);
    }

    public long pid() {
        return pid;
    }

    /** Whether the process still runs: the pid is there, with the recorded start time, and is no zombie. */
    public boolean alive() {
        if (child != null && !child.isAlive()) return false;
        return new HostProcess(pid, startTime).alive();
    }

    /** How it ended, if this HIY started it and it has ended. */
    public Optional<Integer> exitCode() {
        return child == null || child.isAlive() ? Optional.empty() : Optional.of(child.exitValue());
    }

    /** SIGTERM, then SIGKILL if it still runs after grace; the pid file goes. Nothing if it has ended already. */
    public void stop(Duration grace) {
        try {
            if (alive()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
                if (!awaitEnd(grace)) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    awaitEnd(grace);
                }
            }
        } catch (InterruptedException e) {
            if (alive()) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
        forget();
    }

    /** Removes the record, if it is still this process's. */
    private void forget() {
        try {
            if (Files.readString(pidFile, StandardCharsets.US_ASCII).strip().equals(pid + " " + startTime)) {
                Files.delete(pidFile);
            }
        } catch (IOException e) {
            // no record left to remove
        }
    }

    private boolean awaitEnd(Duration grace) throws InterruptedException {
        long end = System.nanoTime() + grace.toNanos();
        while (alive()) {
            if (System.nanoTime() > end) return false;
            Thread.sleep(POLL.toMillis());
        }
        return true;
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
