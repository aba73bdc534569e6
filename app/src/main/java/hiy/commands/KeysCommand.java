package hiy.commands;

import hiy.store.Users;
import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "List every user with their role and each key's type and SHA256 fingerprint (admins).",
        footer = {"", "Example: ssh hiy@box keys", "Exit status: 0, 1 not an admin."})
@AdminOnly("list keys")
final class KeysCommand extends HiyCommand {
    private final Users users;

    KeysCommand(Users users) {
        this.users = users;
    }

    @Override
    protected int execute() throws UserError {
        List<Users.Key> keys = users.keys();
        TextTable table = new TextTable();
        for (Users.User user : users.all()) {
            String role = user.admin() ? "admin" : "user";
            List<Users.Key> own = keys.stream().filter(k -> k.user().equals(user.name())).toList();
            if (own.isEmpty()) table.row(user.name(), role, "-", "(no key: cannot log in)");
            for (Users.Key k : own) table.row(user.name(), role, k.type(), k.fingerprint());
        }
        table.print(out());
        return OK;
    }
}
