package hiy.ssh;

import hiy.git.GitPackCommand;
import hiy.git.GitRepositories;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Turns an exec request into one command from an allow-list. The line is split by {@link CommandLine},
 * never by a shell; git's own two commands go to the git transport.
 */
public final class CommandDispatcher implements CommandFactory {
    private final Map<String, SshCommand> commands = new LinkedHashMap<>();
    private final GitRepositories repositories;
    private final ExecutorService workers;
    private final String hostHint;

    public CommandDispatcher(GitRepositories repositories, ExecutorService workers, String hostHint) {
        this.repositories = repositories;
        this.workers = workers;
        this.hostHint = hostHint;
        register(new Help());
    }

    public CommandDispatcher register(SshCommand command) {
        commands.put(command.name(), command);
        return this;
    }

    public Collection<SshCommand> commands() {
        return commands.values();
    }

    @Override
    public Command createCommand(ChannelSession channel, String line) {
        List<String> words;
        try {
            words = CommandLine.split(line);
        } catch (IllegalArgumentException e) {
            return failing(e.getMessage() + "; quote arguments as you would in a shell");
        }
        if (words.isEmpty()) return failing(hint());
        String name = words.get(0);
        if (GitPackCommand.handles(name)) {
            return new GitPackCommand(workers, repositories, name, words.subList(1, words.size()));
        }
        SshCommand command = commands.get(name);
        if (command == null) return failing("unknown command \"" + name + "\"; run: " + helpCommand());
        return new Dispatched(workers, command, new ArrayList<>(words.subList(1, words.size())));
    }

    /** What `ssh hiy@HOST` with no command (a shell request) prints before exiting 1. */
    Command shell() {
        return failing(hint());
    }

    private String hint() {
        return "HIY has no shell; run: " + helpCommand();
    }

    private String helpCommand() {
        return "ssh " + hostHint + " help";
    }

    private Command failing(String message) {
        return new StreamCommand(workers) {
            @Override
            protected int run(ChannelSession channel, boolean terminal) throws Exception {
                err.write((message + "\n").getBytes(StandardCharsets.UTF_8));
                return SshCommand.USER_ERROR;
            }
        };
    }

    private static final class Dispatched extends StreamCommand {
        private final SshCommand command;
        private final List<String> args;

        Dispatched(ExecutorService workers, SshCommand command, List<String> args) {
            super(workers);
            this.command = command;
            this.args = args;
        }

        @Override
        protected int run(ChannelSession channel, boolean terminal) throws Exception {
            Identity who = channel.getSession().getAttribute(SshDaemon.IDENTITY);
            String address = String.valueOf(channel.getSession().getClientAddress());
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            return command.run(new CommandContext(who, address, in, o, e, terminal), args);
        }
    }

    private final class Help implements SshCommand {
        @Override public String name() { return "help"; }
        @Override public String summary() { return "list the commands"; }

        @Override
        public int run(CommandContext context, List<String> args) {
            context.out().println("Usage: ssh " + hostHint + " COMMAND [ARGS]");
            context.out().println();
            int width = commands.keySet().stream().mapToInt(String::length).max().orElse(4);
            for (SshCommand c : commands.values()) {
                context.out().printf("  %-" + width + "s  %s%n", c.name(), c.summary());
            }
            context.out().println();
            context.out().println("Deploy: git remote add hiy ssh://" + hostHint + "/APP && git push hiy main");
            return OK;
        }
    }
}
