package hiy.ssh.commands;

import hiy.store.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "access:revoke", mixinStandardHelpOptions = true,
        description = "Take away a user's access to an app (admins).",
        footer = {"", "Example: ssh hiy@box access:revoke blog bob",
                "Exit status: 0 revoked (or had none), 1 unknown app or user, the user is an admin, or not an admin."})
final class AccessRevokeCommand extends HiyCommand {
    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1", paramLabel = "USER")
    String user;

    @Override
    protected int execute() throws UserError {
        requireAdmin("revoke access");
        app(name);
        Users.User u = knownUser(user);
        if (u.admin()) {
            throw new UserError(user + " is an admin and may use every app; to stop that remove their keys: ssh "
                    + hostHint() + " keys:remove " + user);
        }
        out().println(hiy.access().revoke(name, user) ? user + " may no longer use " + name + "."
                : user + " had no access to " + name + ".");
        return OK;
    }

    @Override protected String auditAction() { return "access:revoke " + name + " " + user; }
    @Override protected String auditApp() { return name; }
}
