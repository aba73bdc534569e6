package hiy.commands;

import hiy.secrets.Redactor;
import hiy.sshd.HostHint;
import hiy.store.Apps;
import hiy.store.ConfigVars;
import hiy.store.Processes;
import hiy.store.Releases;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which processes' output a reader gets and how each line is shown, the same for `ssh logs` and the API's …/logs:
 * the running release's processes (or one type or process of them), prefixed with the process when there are several,
 * with the app's config values masked.
 */
public record AppOutput(List<Processes.AppProcess> processes, Redactor redactor) {
    public static final int DEFAULT_LINES = 100;
    public static final int MAX_LINES = 10_000;

    /** process: a type (worker) or a process (web.2), or null for all. */
    public static AppOutput of(Releases releases, Processes processes, ConfigVars config, HostHint hostHint,
                               Apps.App app, String process) throws UserError {
        String name = app.name();
        String hint = hostHint.ssh();
        Releases.Release current = RollbackTarget.current(releases, hostHint, app);
        if (app.stopped()) {
            throw new Refused(Refused.Why.CONFLICT, name + " is stopped, so it has no output; start it: ssh " + hint + " start " + name);
        }
        List<Processes.AppProcess> shown = processes.of(name, current.version()).stream()
                .filter(p -> process == null || p.type().equals(process) || p.name().equals(process)).toList();
        if (shown.isEmpty() && process != null) {
            throw new Refused(Refused.Why.NOT_FOUND, name + " runs no process " + process + "; see its processes: ssh "
                    + hint + " ps " + name);
        }
        if (shown.isEmpty()) {
            throw new Refused(Refused.Why.CONFLICT, name + " runs no process (scaled to 0); scale it: ssh " + hint
                    + " ps:scale " + name + " web=1");
        }
        return new AppOutput(shown, redactor(config, releases, app));
    }

    /** option: how the reader asked for the number of lines (-n, lines=). */
    public static void checkLines(int lines, String option) throws Refused {
        if (lines < 0 || lines > MAX_LINES) throw new Refused(Refused.Why.INVALID, option + " takes 0 to " + MAX_LINES + " lines");
    }

    /** The values of today's config and of the running release's environment (a rollback may run older ones). */
    public static Redactor redactor(ConfigVars config, Releases releases, Apps.App app) {
        Set<String> secrets = new HashSet<>(config.of(app.name()).values());
        Integer version = app.currentRelease();
        if (version != null) {
            secrets.addAll(config.open(releases.sealedEnv(app.name(), version)).values());
        }
        return Redactor.of(secrets);
    }

    /** A line of p's output as the reader sees it. */
    public String show(Processes.AppProcess p, String line) {
        return redactor.redact(processes.size() > 1 ? p.name() + " | " + line : line);
    }
}
