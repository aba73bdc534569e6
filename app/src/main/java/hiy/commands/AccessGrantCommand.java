package hiy.commands;

import hiy.store.Access;
import hiy.store.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "access:grant", mixinStandardHelpOptions = true,
        description = "Let a user push to an app and run its commands (admins).",
        footer = {"", "Example: ssh hiy@box access:grant blog bob", "Exit status: 0 granted (or had it already), 1 unknown app or user, or not an admin."})
@AdminOnly("grant access")
final class AccessGrantCommand extends HiyCommand {
    private final Access access;

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1", paramLabel = "USER")
    String user;

    AccessGrantCommand(Access access) {
        this.access = access;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        Users.User u = knownUser(user);
        if (u.admin()) {
            out().println(user + " is an admin and may use every app already.");
        } else if (access.grant(name, user, who().user())) {
            out().println(user + " may now use " + name + ": " + pushCommand(name));
        } else {
            out().println(user + " may already use " + name + ".");
        }
        return OK;
    }

    @Override protected String auditAction() { return "access:grant " + name + " " + user; }
    @Override protected String auditApp() { return name; }
}
