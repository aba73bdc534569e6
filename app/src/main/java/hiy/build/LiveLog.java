package hiy.build;

import hiy.model.LineSink;
import hiy.secrets.Redactor;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One build's progress: every line goes to the build log file and to whoever follows the build live.
 * The file keeps the same lines in the same order, so a reader can continue there once the build is over.
 */
public final class LiveLog implements LineSink {
    private final Path file;
    private final List<String> lines = new ArrayList<>();
    private BufferedWriter writer;
    private Redactor redactor = Redactor.NONE;
    private boolean finished;
    private boolean succeeded;
    private String failure;

    public LiveLog(Path file) {
        this.file = file;
    }

    /** From now on, config values of the app are masked in every line, on screen and in the file. */
    public synchronized void redactWith(Redactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public synchronized void line(String text) {
        if (finished) return;
        for (String l : redactor.redact(text).split("\\R", -1)) {
            lines.add(l);
            write(l);
        }
        notifyAll();
    }

    public void step(String text) {
        line("-----> " + text);
    }

    /**
     * Why the build did not go live, flagged in the log; the first reason given is the one the push reports and the
     * build record keeps, masked like every line (a Dockerfile step in it may hold a config value).
     */
    public synchronized void failed(String message) {
        line(" !     " + message);
        if (failure == null) failure = redactor.redact(message);
    }

    public synchronized String failure() {
        return failure;
    }

    /** A sink that indents, for the output of tools run as part of a step. */
    public LineSink indented() {
        return l -> line("       " + l);
    }

    public synchronized void finish(boolean success) {
        finished = true;
        succeeded = success;
        try {
            if (writer != null) writer.close();
        } catch (IOException ignored) {
            // the lines are still in memory for live readers
        }
        notifyAll();
    }

    public synchronized Snapshot read(int from, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (lines.size() <= from && !finished) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            wait(Math.max(1, left / 1_000_000));
        }
        List<String> out = from < lines.size() ? List.copyOf(lines.subList(from, lines.size())) : List.of();
        return new Snapshot(out, finished, succeeded, succeeded ? null : failure);
    }

    public record Snapshot(List<String> lines, boolean finished, boolean succeeded, String failure) { }

    private void write(String l) {
        try {
            if (writer == null) {
                Files.createDirectories(file.getParent());
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                // A build can print what it should not; the log is the owner's alone, whatever the umask.
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            writer.write(l);
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write build log " + file, e);
        }
    }
}
