package hiy.commands;

import hiy.store.Access;
import hiy.store.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "access", mixinStandardHelpOptions = true,
        description = "List who may use an app: every admin, and the users granted it (admins).",
        footer = {"", "Example: ssh hiy@box access blog", "Exit status: 0, 1 unknown app or not an admin."})
@AdminOnly("see who may use an app")
final class AccessCommand extends HiyCommand {
    private final Users users;
    private final Access access;

    @Parameters(paramLabel = "APP")
    String name;

    AccessCommand(Users users, Access access) {
        this.users = users;
        this.access = access;
    }

    @Override
    protected int execute() throws UserError {
        app(name);
        TextTable table = new TextTable();
        for (Users.User u : users.all()) {
            if (u.admin()) table.row(u.name(), "admin");
        }
        for (String user : access.usersOf(name)) table.row(user, "granted");
        table.print(out());
        return OK;
    }
}
