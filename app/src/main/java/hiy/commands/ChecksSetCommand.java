package hiy.commands;

import hiy.model.HealthCheck;
import hiy.release.HealthChecks;
import hiy.store.Checks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "checks:set", mixinStandardHelpOptions = true,
        description = "Set how a new release proves it is healthy, and how long an old one gets to stop.",
        footer = {"", "Example: ssh hiy@box checks:set blog path=/up successes=3 interval=500ms timeout=60s grace=20s",
                "Keys: path (default /), successes in a row (1), interval between tries (200ms), timeout to boot "
                        + "(HIY_BOOT_TIMEOUT), grace between SIGTERM and SIGKILL (HIY_STOP_GRACE). KEY=default "
                        + "forgets a value. These win over app.json's healthchecks.web.",
                "Exit status: 0, 1 bad key or value, unknown app."})
final class ChecksSetCommand extends HiyCommand {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

    private final Checks checks;
    private final HealthChecks healthChecks;

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE")
    List<String> pairs;

    ChecksSetCommand(Checks checks, HealthChecks healthChecks) {
        this.checks = checks;
        this.healthChecks = healthChecks;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        HealthCheck.Overrides o = checks.of(name, Checks.USER);
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq < 0) throw new UserError("\"" + pair + "\" has no '=': write KEY=VALUE, e.g. path=/up");
            String key = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            boolean reset = value.equals("default");
            o = switch (key) {
                case "path" -> new HealthCheck.Overrides(reset ? null : path(value), o.successes(), o.interval(), o.bootTimeout(), o.stopGrace());
                case "successes" -> new HealthCheck.Overrides(o.path(), reset ? null : count(value), o.interval(), o.bootTimeout(), o.stopGrace());
                case "interval" -> new HealthCheck.Overrides(o.path(), o.successes(), reset ? null : duration(key, value), o.bootTimeout(), o.stopGrace());
                case "timeout" -> new HealthCheck.Overrides(o.path(), o.successes(), o.interval(), reset ? null : duration(key, value), o.stopGrace());
                case "grace" -> new HealthCheck.Overrides(o.path(), o.successes(), o.interval(), o.bootTimeout(), reset ? null : duration(key, value));
                default -> throw new UserError("unknown key \"" + key + "\": use path, successes, interval, timeout or grace");
            };
        }
        checks.put(name, Checks.USER, o);
        out().println("Health check of " + name + " is now:");
        ChecksCommand.show(healthChecks, checks, out(), name);
        return OK;
    }

    private static String path(String value) throws UserError {
        if (!value.startsWith("/")) throw new UserError("path must start with /, e.g. path=/up");
        return value;
    }

    private static int count(String value) throws UserError {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= 100) return n;
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw new UserError("successes must be a whole number from 1 to 100");
    }

    private static Duration duration(String key, String value) throws UserError {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) throw new UserError(key + " must be a duration such as 500ms, 10s or 2m (got \"" + value + "\")");
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero() && !key.equals("grace")) throw new UserError(key + " must be more than 0");
        return d;
    }

    @Override protected String auditAction() { return "checks:set " + name + " " + String.join(" ", pairs); }
    @Override protected String auditApp() { return name; }
}
