package hiy.commands;

import hiy.sshd.OpenSessions;
import hiy.store.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "keys:remove", mixinStandardHelpOptions = true,
        description = "Remove one key by fingerprint, or a user with all their keys and access (admins).",
        footer = {"", "Example: ssh hiy@box keys:remove bob",
                "Example: ssh hiy@box keys:remove SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s",
                "Ends the SSH sessions open with the removed keys. The last admin with a key cannot be removed. Exit status: 0 removed, 1 unknown user or key, the last admin, or not an admin."})
@AdminOnly("remove keys")
final class KeysRemoveCommand extends HiyCommand {
    private final Users users;
    private final OpenSessions sessions;

    @Parameters(paramLabel = "NAME|FINGERPRINT", description = "a user name, or a key's SHA256:… fingerprint as `keys` shows it")
    String target;

    KeysRemoveCommand(Users users, OpenSessions sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    @Override
    protected int execute() throws UserError {
        if (target.startsWith("SHA256:")) {
            String user = users.keyByFingerprint(target).map(Users.Key::user).orElse(null);
            check(users.removeKey(target), "no key " + target, user);
            out().println("Removed key " + target + " of " + user + ".");
            Ended.report(this, sessions.end(id -> id.fingerprint().equals(target), who(),
                    "the key you logged in with was removed from HIY"), user);
        } else {
            check(users.removeUser(target), "no user named " + target, target);
            out().println("Removed " + target + " with all their keys and access.");
            Ended.report(this, sessions.end(id -> id.user().equals(target), who(),
                    "your user was removed from HIY"), target);
        }
        return OK;
    }

    private void check(Users.Removal removal, String notFound, String user) throws UserError {
        switch (removal) {
            case REMOVED -> { }
            case NOT_FOUND -> throw new UserError(notFound + "; list users and keys with: ssh " + hostHint() + " keys");
            case LAST_ADMIN -> throw new UserError(user + " is the last admin who can log in; add another admin first: ssh "
                    + hostHint() + " keys:add NAME --admin < NAME.pub");
        }
    }

    @Override protected String auditAction() { return "keys:remove " + target; }
}
