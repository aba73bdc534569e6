package hiy.commands;

import hiy.model.HealthCheck;
import hiy.release.HealthChecks;
import hiy.sshd.TerminalText;
import hiy.store.Checks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;

@Command(name = "checks", mixinStandardHelpOptions = true,
        description = "Show the health check a new release must pass, and where each value comes from.",
        footer = {"", "Example: ssh hiy@box checks blog", "Exit status: 0, 1 unknown app."})
final class ChecksCommand extends HiyCommand {
    private final Checks checks;
    private final HealthChecks healthChecks;

    @Parameters(paramLabel = "APP")
    String name;

    ChecksCommand(Checks checks, HealthChecks healthChecks) {
        this.checks = checks;
        this.healthChecks = healthChecks;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        show(healthChecks, checks, out(), name);
        return OK;
    }

    /** Prints the check in force for app, one row per key, with where each value comes from. */
    static void show(HealthChecks healthChecks, Checks checks, PrintStream out, String app) {
        HealthCheck in = healthChecks.of(app);
        HealthCheck.Overrides user = checks.of(app, Checks.USER);
        HealthCheck.Overrides json = checks.of(app, Checks.APP_JSON);
        row(out, "path", in.path(), user.path(), json.path());
        row(out, "successes", in.successes(), user.successes(), json.successes());
        row(out, "interval", in.interval().toMillis() + "ms", user.interval(), json.interval());
        row(out, "timeout", in.bootTimeout().toSeconds() + "s", user.bootTimeout(), json.bootTimeout());
        row(out, "grace", in.stopGrace().toSeconds() + "s", user.stopGrace(), json.stopGrace());
    }

    private static void row(PrintStream out, String key, Object value, Object user, Object json) {
        String source = user != null ? "checks:set" : json != null ? "app.json" : "default";
        // A path can come from the repository's app.json.
        out.printf("%-10s %-12s (%s)%n", key, TerminalText.escape(String.valueOf(value)), source);
    }
}
