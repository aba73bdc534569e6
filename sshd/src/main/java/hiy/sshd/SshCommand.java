package hiy.sshd;

import java.util.List;

/**
 * One command of the SSH door. Exit status: 0 success, 1 the user's error, 2 HIY's own failure.
 * Adding a command is one small class registered with the {@link CommandDispatcher}.
 */
public interface SshCommand {
    int OK = 0;
    int USER_ERROR = 1;
    int FAILURE = 2;

    String name();

    /** One line for `help`. */
    String summary();

    int run(CommandContext context, List<String> args) throws Exception;
}
