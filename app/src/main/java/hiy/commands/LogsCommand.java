package hiy.commands;

import hiy.runtime.ContainerRuntime;
import hiy.secrets.Redactor;
import hiy.sshd.HostHint;
import hiy.store.Apps;
import hiy.store.Builds;
import hiy.store.ConfigVars;
import hiy.store.Processes;
import hiy.store.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Show an app's output (stdout and stderr of its running processes, each line prefixed with "
                + "its process when there are several), or the log of a build.",
        footer = {"", "Example: ssh hiy@box logs blog -n 20",
                "          ssh hiy@box logs blog -p worker   (only the worker processes)",
                "          ssh hiy@box logs blog -f          (follows until you disconnect: Ctrl-C)",
                "          ssh hiy@box logs blog --build v3  (the build that made release v3)",
                "The app's config values are shown as [redacted].",
                "Exit status: 0, 1 unknown app or release, no build, or the app is stopped."})
final class LogsCommand extends HiyCommand {
    /** How often a quiet follow checks that the client is still there. */
    private static final long CLIENT_CHECK_MILLIS = 500;
    private static final int CTRL_C = 3;

    private final HostHint hint;
    private final Releases releases;
    private final Processes processes;
    private final Builds builds;
    private final ConfigVars config;
    private final ContainerRuntime runtime;

    @Parameters(paramLabel = "APP")
    String name;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "how many of the last lines to show (default: 100)")
    int lines = AppOutput.DEFAULT_LINES;

    @Option(names = {"-f", "--follow"}, description = "then keep printing new lines until you disconnect")
    boolean follow;

    @Option(names = {"-p", "--process"}, paramLabel = "TYPE[.N]",
            description = "only this process type (worker) or process (web.2); default: all of them")
    String process;

    @Option(names = "--build", arity = "0..1", paramLabel = "vN", fallbackValue = "latest",
            description = "the stored log of the build that made release vN (without vN: the latest build)")
    String build;

    private Redactor redactor;

    LogsCommand(HostHint hint, Releases releases, Processes processes, Builds builds, ConfigVars config,
                ContainerRuntime runtime) {
        this.hint = hint;
        this.releases = releases;
        this.processes = processes;
        this.builds = builds;
        this.config = config;
        this.runtime = runtime;
    }

    @Override
    protected int execute() throws Exception {
        Apps.App app = app(name);
        AppOutput.checkLines(lines, "-n");
        redactor = AppOutput.redactor(config, releases, app);
        if (build != null) return showBuild();
        AppOutput output = AppOutput.of(releases, processes, config, hint, app, process);
        List<Processes.AppProcess> shown = output.processes();
        if (!follow) {
            for (Processes.AppProcess p : shown) {
                runtime.lastLogLines(p.container(), lines).forEach(l -> out().println(output.show(p, l)));
            }
            return OK;
        }
        return follow(output);
    }

    private void print(String line) {
        out().println(redactor.redact(line));
    }

    /**
     * Lines arrive on the engine's stream threads (one per process); this thread only waits for every stream to
     * end or the client to go (a failed write or flush says so), then closes the streams, which frees their
     * threads and connections.
     */
    private int follow(AppOutput output) throws Exception {
        List<Processes.AppProcess> shown = output.processes();
        CountDownLatch over = new CountDownLatch(shown.size());
        AtomicBoolean clientGone = new AtomicBoolean();
        List<Closeable> streams = new ArrayList<>();
        List<String> ended = Collections.synchronizedList(new ArrayList<>());
        try {
            for (Processes.AppProcess p : shown) {
                streams.add(runtime.followLog(p.container(), lines, line -> {
                    synchronized (this) {
                        out().println(output.show(p, line));
                    }
                    if (out().checkError()) clientGone.set(true);
                }, () -> {
                    ended.add(p.name());
                    over.countDown();
                }));
            }
            while (!over.await(CLIENT_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                out().flush();
                if (clientGone.get() || out().checkError() || interruptedByUser()) break;
            }
        } finally {
            for (Closeable c : streams) c.close();
        }
        if (ended.size() == shown.size()) {
            out().println(style.step((shown.size() == 1 ? "The container " + shown.get(0).container() + " stopped"
                    : "Its processes stopped") + "; the log ends here. Status: ssh " + hostHint() + " ps " + name));
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
        List<Builds.Build> history = builds.of(name);
        Builds.Build b;
        if ("latest".equals(build)) {
            b = history.stream().findFirst().orElseThrow(() -> new UserError(name + " has no builds yet; push to build it: "
                    + pushCommand(name)));
        } else {
            b = buildOf(history, Releasing.version(build));
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
        Releases.Release release = releases.find(name, version).orElseThrow(() -> new UserError(
                "there is no release v" + version + " of " + name + "; see them with: ssh " + hostHint() + " releases " + name));
        return builds.stream().filter(b -> Objects.equals(b.release(), version)).findFirst()
                .or(() -> builds.stream().filter(b -> b.sha().equals(release.sha()) && b.status() == Builds.Status.SUCCEEDED)
                        .filter(b -> b.release() == null || b.release() <= version).findFirst())
                .orElseThrow(() -> new UserError("no build log is kept for release v" + version + " of " + name
                        + "; the latest build: ssh " + hostHint() + " logs " + name + " --build"));
    }
}
