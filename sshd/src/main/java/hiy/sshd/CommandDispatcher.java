package hiy.sshd;

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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Turns an exec request into one command from an allow-list. The line is split by {@link QuotedArgs},
 * never by a shell; git's own two commands go to the git transport.
 */
public final class CommandDispatcher implements CommandFactory {
    /** How long a command that arrives while HIY is still starting waits for it. */
    private static final Duration STARTUP_WAIT = Duration.ofMinutes(2);

    private final Map<String, SshCommand> commands = new LinkedHashMap<>();
    private final ExecutorService workers;
    private final HostHint hostHint;
    private final CompletableFuture<GitRepositories> ready = new CompletableFuture<>();

    /**
     * The door opens before the rest of HIY has started, so the SSH port answers at once; commands that
     * arrive early wait until {@link #open} is called.
     */
    public CommandDispatcher(ExecutorService workers, HostHint hostHint) {
        this.workers = workers;
        this.hostHint = hostHint;
        commands.put("help", new Help());
    }

    public void open(GitRepositories repositories, Collection<? extends SshCommand> all) {
        all.forEach(c -> commands.put(c.name(), c));
        ready.complete(repositories);
    }

    public Collection<SshCommand> commands() {
        return commands.values();
    }

    @Override
    public Command createCommand(ChannelSession channel, String line) {
        String ended = channel.getSession().getAttribute(SshDaemon.ENDED);
        if (ended != null) return failing(ended);
        if (ready.isDone()) return resolve(line);
        return new DeferredCommand(workers, () -> {
            ready.get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
            return resolve(line);
        });
    }

    private Command resolve(String line) {
        // No program takes a NUL inside an argument (the kernel's exec cannot pass one): refuse it here, once, for all.
        if (line.indexOf('\0') >= 0) {
            return failing("the command contains a NUL byte (\\0), which no HIY command accepts; remove it and try again");
        }
        List<String> words;
        try {
            words = QuotedArgs.split(line);
        } catch (IllegalArgumentException e) {
            return failing(TerminalText.escape(e.getMessage()) + "; quote arguments as you would in a shell");
        }
        if (words.isEmpty()) return failing(hint());
        String name = words.get(0);
        if (GitPackCommand.handles(name)) {
            return new GitPackCommand(workers, ready.join(), name, words.subList(1, words.size()));
        }
        SshCommand command = commands.get(name);
        if (command == null) {
            return failing("unknown command \"" + TerminalText.escape(name) + "\"; run: " + helpCommand());
        }
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
        return "ssh " + hostHint.ssh() + " help";
    }

    private Command failing(String message) {
        return new StreamCommand(workers) {
            @Override
            protected int run(ChannelSession channel, Pty pty) throws Exception {
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
        protected int run(ChannelSession channel, Pty pty) throws Exception {
            Identity who = channel.getSession().getAttribute(SshDaemon.IDENTITY);
            String address = String.valueOf(channel.getSession().getClientAddress());
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            return command.run(new CommandContext(who, address, in, o, e, pty, closed.minimalCompletionStage()), args);
        }
    }

    private static final class DeferredCommand implements Command {
        interface Resolver {
            Command resolve() throws Exception;
        }

        private final ExecutorService workers;
        private final Resolver resolver;
        private java.io.InputStream in;
        private java.io.OutputStream out;
        private java.io.OutputStream err;
        private org.apache.sshd.server.ExitCallback exit;
        private volatile Command real;
        private volatile boolean destroyed;

        DeferredCommand(ExecutorService workers, Resolver resolver) {
            this.workers = workers;
            this.resolver = resolver;
        }

        @Override public void setInputStream(java.io.InputStream in) { this.in = in; }
        @Override public void setOutputStream(java.io.OutputStream out) { this.out = out; }
        @Override public void setErrorStream(java.io.OutputStream err) { this.err = err; }
        @Override public void setExitCallback(org.apache.sshd.server.ExitCallback callback) { this.exit = callback; }

        /** Passed on, so a command that started late still learns that its client went away. */
        @Override
        public void destroy(ChannelSession channel) throws Exception {
            destroyed = true;
            Command resolved = real;
            if (resolved != null) resolved.destroy(channel);
        }

        @Override
        public void start(ChannelSession channel, org.apache.sshd.server.Environment env) {
            workers.submit(() -> {
                Command resolved;
                try {
                    resolved = resolver.resolve();
                } catch (Exception e) {
                    try {
                        err.write("HIY is still starting; try again in a minute\n".getBytes(StandardCharsets.UTF_8));
                        err.flush();
                    } catch (java.io.IOException ignored) {
                        // client gone
                    }
                    exit.onExit(SshCommand.FAILURE);
                    return null;
                }
                resolved.setInputStream(in);
                resolved.setOutputStream(out);
                resolved.setErrorStream(err);
                resolved.setExitCallback(exit);
                resolved.start(channel, env);
                real = resolved;
                if (destroyed) resolved.destroy(channel);
                return null;
            });
        }
    }

    private final class Help implements SshCommand {
        @Override public String name() { return "help"; }
        @Override public String summary() { return "list the commands"; }

        @Override
        public int run(CommandContext context, List<String> args) {
            context.out().println("Usage: ssh " + hostHint.ssh() + " COMMAND [ARGS]");
            context.out().println();
            int width = commands.keySet().stream().mapToInt(String::length).max().orElse(4);
            for (SshCommand c : commands.values()) {
                context.out().printf("  %-" + width + "s  %s%n", c.name(), c.summary());
            }
            context.out().println();
            context.out().println("Deploy: git remote add hiy " + hostHint.repoUrl("APP") + " && git push hiy main");
            return OK;
        }
    }
}
