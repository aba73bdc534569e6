package hiy.commands;

import hiy.model.LineSink;
import hiy.secrets.Redactor;
import hiy.sshd.CommandContext;
import hiy.sshd.Identity;
import hiy.store.Apps;
import hiy.store.Releases;
import hiy.store.Users;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * Base of every SSH command but git's: picocli parses the arguments (and answers --help), the command body
 * runs with the caller's identity and the parts of HIY it declares in its constructor ({@link Commands} wires them).
 * A new instance serves each call.
 */
public abstract class HiyCommand implements Callable<Integer> {
    protected static final int OK = 0;

    @Spec
    protected CommandSpec spec;
    protected CommandContext context;
    protected Style style;
    private Door door;

    final void bind(CommandContext context, Door door) {
        this.context = context;
        this.door = door;
        this.style = new Style(context.terminal());
    }

    /** False when picocli only printed help or a usage error: such calls change nothing and are not audited. */
    private boolean ran;

    @Override
    public final Integer call() throws Exception {
        ran = true;
        AdminOnly adminOnly = getClass().getAnnotation(AdminOnly.class);
        if (adminOnly != null) requireAdmin(adminOnly.value());
        return execute();
    }

    final boolean ran() {
        return ran;
    }

    /** The body, once the caller may run it ({@link AdminOnly}); throw {@link UserError} for the caller's mistakes. */
    protected abstract int execute() throws Exception;

    /** What the audit log records for this call, or null when it changes nothing. Never include config values. */
    protected String auditAction() {
        return null;
    }

    /** The app the call acted on, for the audit log. */
    protected String auditApp() {
        return null;
    }

    protected Identity who() {
        return context.who();
    }

    protected PrintStream out() {
        return context.out();
    }

    /** The app if it exists and the caller may use it; to anyone else it does not exist. */
    protected Apps.App app(String name) throws UserError {
        return door.appAccess().visible(who(), name);
    }

    /** The named user, or an error saying how to add them. */
    protected Users.User knownUser(String name) throws UserError {
        return door.users().user(name).orElseThrow(() -> new UserError("no user named " + name
                + "; add them with: ssh " + hostHint() + " keys:add " + name + " < " + name + ".pub"));
    }

    /** For a right that depends on the arguments; a command only admins may run says {@link AdminOnly} instead. */
    protected void requireAdmin(String what) throws UserError {
        AppAccess.requireAdmin(who(), what);
    }

    /**
     * Progress lines of long work on an app (a switch, a build) for the caller, coloured like a push on a terminal,
     * with the app's config values masked (a failing container's log may print them).
     */
    protected LineSink progress(String app) {
        Redactor redactor = Redactor.of(door.config().of(app).values());
        return line -> {
            String l = redactor.redact(line);
            out().println(l.startsWith("-----> ") ? style.step(l.substring(7)) : l);
        };
    }

    /** The push that deploys an app, as the user types it. */
    protected String pushCommand(String app) {
        return Releasing.pushCommand(door.hostHint(), app);
    }

    /** What follows {@code ssh} in a command the user is told to run. */
    protected String hostHint() {
        return door.hostHint().ssh();
    }

    /** The push remote of an app, as the user types it. */
    protected String repoUrl(String app) {
        return door.hostHint().repoUrl(app);
    }

    /** The app's current release, or an error saying how to deploy it first. */
    protected Releases.Release requireCurrent(Releases releases, Apps.App app) throws Refused {
        return RollbackTarget.current(releases, door.hostHint(), app);
    }
}
