package hiy.commands;

import hiy.sshd.OpenSessions;
import hiy.store.Access;
import hiy.store.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "access:revoke", mixinStandardHelpOptions = true,
        description = "Take away a user's access to an app (admins).",
        footer = {"", "Example: ssh hiy@box access:revoke blog bob",
                "Ends every SSH session the user has open (their commands on other apps too: they reconnect).",
                "Exit status: 0 revoked (or had none), 1 unknown app or user, the user is an admin, or not an admin."})
@AdminOnly("revoke access")
final class AccessRevokeCommand extends HiyCommand {
    private final Access access;
    private final OpenSessions sessions;

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1", paramLabel = "USER")
    String user;

    AccessRevokeCommand(Access access, OpenSessions sessions) {
        this.access = access;
        this.sessions = sessions;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        Users.User u = knownUser(user);
        if (u.admin()) {
            throw new UserError(user + " is an admin and may use every app; to stop that remove their keys: ssh "
                    + hostHint() + " keys:remove " + user);
        }
        if (!access.revoke(name, user)) {
            out().println(user + " had no access to " + name + ".");
            return OK;
        }
        out().println(user + " may no longer use " + name + ".");
        // A command already running on the app (logs -f, run) checked the grant when it started.
        Ended.report(this, sessions.end(id -> id.user().equals(user), who(),
                "your access to " + name + " was revoked; reconnect for your other apps"), user);
        return OK;
    }

    @Override protected String auditAction() { return "access:revoke " + name + " " + user; }
    @Override protected String auditApp() { return name; }
}
