package hiy.e2e;

import hiy.store.Builds;
import hiy.store.Database;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What HIY says about an app whose deploy a test waited for in vain, when HIY runs in a JVM of its own (its log is
 * then in a file, not in the test's output): the end of HIY's log, the app's builds with the last one's log, and
 * `releases APP`. Carried in the failed wait's message, so that a CI failure shows why without a rerun.
 */
final class DeployReport {
    static final int LOG_LINES = 60;
    private static final int BUILD_LOG_LINES = 30;

    private DeployReport() { }

    /** The failure with the report appended; the failure alone when HIY runs in the test's JVM. */
    static AssertionError explain(TestBox box, String app, AssertionError failure) {
        Path log = box.process() == null ? null : safely(box::processLog);
        if (log == null) return failure;
        AssertionError explained = new AssertionError(failure.getMessage() + "\n" + report(box, app, log), failure);
        explained.setStackTrace(failure.getStackTrace());
        return explained;
    }

    private static String report(TestBox box, String app, Path log) {
        String logTail = tail(log, LOG_LINES);
        StringBuilder s = new StringBuilder();
        s.append("--- builds of ").append(app).append(" (id status trigger sha error):\n");
        List<Builds.Build> builds = safely(() -> new Builds(Database.open(box.dataDir.resolve("hiy.db"))).of(app));
        if (builds == null || builds.isEmpty()) s.append("(none)\n");
        else builds.forEach(b -> s.append(b.id()).append(' ').append(b.status()).append(' ').append(b.trigger())
                .append(' ').append(b.sha()).append(' ').append(b.error() == null ? "" : b.error()).append('\n'));
        if (builds != null && !builds.isEmpty()) {
            Builds.Build newest = builds.stream().max((a, b) -> Long.compare(a.id(), b.id())).orElseThrow();
            s.append("--- log of build ").append(newest.id()).append(" (last ").append(BUILD_LOG_LINES).append(" lines):\n")
                    .append(tail(Path.of(newest.logPath()), BUILD_LOG_LINES));
        }
        String releases = safely(() -> box.ssh("releases " + app).all());
        s.append("--- ssh releases ").append(app).append(":\n").append(releases == null ? "(ssh failed)\n" : releases);
        s.append("--- HIY's own threads (from a thread dump, kill -QUIT):\n").append(threads(box.process(), log));
        s.append("--- HIY's log ").append(log).append(" (last ").append(LOG_LINES).append(" lines):\n").append(logTail);
        return s.toString();
    }

    /**
     * The stacks of HIY's named threads (hiy-builder, hiy-supervisor, hiy-revive …): where a build that never ends
     * waits. The JVM prints the dump to its output, HIY's log; it is cut out of the log again.
     */
    private static String threads(Process hiy, Path log) {
        String dump = safely(() -> {
            long before = Files.size(log);
            TestBox.run(Path.of("/"), List.of("kill", "-QUIT", String.valueOf(hiy.pid())), Map.of()).assertOk();
            return Await.until("HIY prints its thread dump", Duration.ofSeconds(10), () -> {
                byte[] all = Files.readAllBytes(log);
                return new String(all, (int) Math.min(before, all.length), (int) Math.max(0, all.length - before),
                        StandardCharsets.UTF_8);
            }, said -> said.contains("JNI global refs"));
        });
        if (dump == null) return "(no thread dump)\n";
        StringBuilder s = new StringBuilder();
        for (String stack : dump.split("\n\n")) {
            if (stack.startsWith("\"hiy-")) s.append(stack.strip()).append('\n');
        }
        return s.length() == 0 ? "(no thread of HIY's own in the dump)\n" : s.toString();
    }

    private static String tail(Path file, int lines) {
        List<String> all = safely(() -> Files.exists(file)
                ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList()
                : List.of("(no file " + file + ")"));
        if (all == null) return "(cannot read " + file + ")\n";
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
    }

    @FunctionalInterface
    private interface Read<T> {
        T get() throws Exception;
    }

    /** A report must not hide the failure it explains: what cannot be read is left out. */
    private static <T> T safely(Read<T> read) {
        try {
            return read.get();
        } catch (Exception | AssertionError e) {
            return null;
        }
    }
}
