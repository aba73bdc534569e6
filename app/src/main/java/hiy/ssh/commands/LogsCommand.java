package hiy.ssh.commands;

import hiy.secrets.Redactor;
import hiy.store.Apps;
import hiy.store.Builds;
import hiy.store.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Show an app's output (stdout and stderr of its running release), or the log of a build.",
        footer = {"", "Example: ssh hiy@box logs blog -n 20",
                "          ssh hiy@box logs blog -f          (follows until you disconnect: Ctrl-C)",
                "          ssh hiy@box logs blog --build v3  (the build that made release v3)",
                "The app's config values are shown as [redacted].",
                "Exit status: 0, 1 unknown app or release, no build, or the app is stopped."})
final class LogsCommand extends HiyCommand {
    static final int DEFAULT_LINES = 100;
    private static final int MAX_LINES = 10_000;
    /** How often a quiet follow checks that the client is still there. */
    private static final long CLIENT_CHECK_MILLIS = 500;
    private static final int CTRL_C = 3;

    @Parameters(paramLabel = "APP")
    String name;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "how many of the last lines to show (default: 100)")
    int lines = DEFAULT_LINES;

    @Option(names = {"-f", "--follow"}, description = "then keep printing new lines until you disconnect")
    boolean follow;

    @Option(names = "--build", arity = "0..1", paramLabel = "vN", fallbackValue = "latest",
            description = "the stored log of the build that made release vN (without vN: the latest build)")
    String build;

    private Redactor redactor;

    @Override
    protected int execute() throws Exception {
        Apps.App app = app(name);
        if (lines < 0 || lines > MAX_LINES) throw new UserError("-n takes 0 to " + MAX_LINES + " lines");
        redactor = redactor(app);
        if (build != null) return showBuild();
        Releases.Release current = Releasing.requireCurrent(this, app);
        if (app.stopped()) {
            throw new UserError(name + " is stopped, so it has no output; start it: ssh " + hostHint() + " start " + name);
        }
        if (!follow) {
            hiy.runtime().lastLogLines(current.container(), lines).forEach(this::print);
            return OK;
        }
        return follow(current.container());
    }

    /** The values of today's config and of the running release's environment (a rollback may run older ones). */
    private Redactor redactor(Apps.App app) {
        Set<String> secrets = new HashSet<>(hiy.config().of(name).values());
        Releases.Release current = Releasing.current(this, app);
        if (current != null) {
            secrets.addAll(hiy.config().open(hiy.releases().sealedEnv(name, current.version())).values());
        }
        return Redactor.of(secrets);
    }

    private void print(String line) {
        out().println(redactor.redact(line));
    }

    /**
     * Lines arrive on the engine's stream thread; this thread only waits for the stream to end or the client to
     * go (a failed write or flush says so), then closes the stream, which frees its thread and connection.
     */
    private int follow(String container) throws Exception {
        CountDownLatch over = new CountDownLatch(1);
        AtomicBoolean streamEnded = new AtomicBoolean();
        try (Closeable stream = hiy.runtime().followLog(container, lines, line -> {
            print(line);
            if (out().checkError()) over.countDown();
        }, () -> {
            streamEnded.set(true);
            over.countDown();
        })) {
            while (!over.await(CLIENT_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                out().flush();
                if (out().checkError() || interruptedByUser()) break;
            }
        }
        if (streamEnded.get()) {
            out().println(style.step("The container " + container + " stopped; its log ends here. Status: ssh "
                    + hostHint() + " ps " + name));
        }
        return OK;
    }

    /** On a terminal (ssh -t) Ctrl-C arrives as a byte, not as a disconnect. */
    private boolean interruptedByUser() throws IOException {
        if (!context.terminal()) return false;
        InputStream in = context.in();
        while (in.available() > 0) {
            if (in.read() == CTRL_C) return true;
        }
        return false;
    }

    private int showBuild() throws UserError, IOException {
        List<Builds.Build> builds = hiy.builds().of(name);
        Builds.Build b;
        if ("latest".equals(build)) {
            b = builds.stream().findFirst().orElseThrow(() -> new UserError(name + " has no builds yet; push to build it: "
                    + pushCommand(name)));
        } else {
            b = buildOf(builds, Releasing.version(build));
        }
        out().println(style.step("Build " + b.id() + " of " + name + " at " + Releasing.sha7(b.sha()) + ": "
                + b.status().dbName() + (b.release() == null ? "" : ", release v" + b.release())));
        Path log = Path.of(b.logPath());
        if (!Files.exists(log)) {
            out().println("(no log was stored for this build)");
            return OK;
        }
        for (String line : Files.readAllLines(log)) print(line);
        return OK;
    }

    /** The build that made the release; for config changes, rollbacks and older builds, the build of its commit. */
    private Builds.Build buildOf(List<Builds.Build> builds, int version) throws UserError {
        Releases.Release release = hiy.releases().find(name, version).orElseThrow(() -> new UserError(
                "there is no release v" + version + " of " + name + "; see them with: ssh " + hostHint() + " releases " + name));
        return builds.stream().filter(b -> Objects.equals(b.release(), version)).findFirst()
                .or(() -> builds.stream().filter(b -> b.sha().equals(release.sha()) && b.status() == Builds.Status.SUCCEEDED)
                        .filter(b -> b.release() == null || b.release() <= version).findFirst())
                .orElseThrow(() -> new UserError("no build log is kept for release v" + version + " of " + name
                        + "; the latest build: ssh " + hostHint() + " logs " + name + " --build"));
    }
}
