package hiy.commands;

import hiy.sshd.CommandContext;
import hiy.sshd.SshCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;

/**
 * Serves one picocli command class over SSH: exit 0 on success, 1 on the caller's error, 2 on HIY's.
 * Every argument is taken literally: picocli's {@code @FILE} expansion is off (it would read any file HIY can read
 * into the command line). Parsing, help and the body run here in sequence rather than in picocli's
 * {@code execute}, which prints a stack trace for what it did not expect; here the client only ever gets a message.
 */
public final class PicoSshCommand implements SshCommand {
    private static final Logger LOG = LoggerFactory.getLogger(PicoSshCommand.class);

    private final Supplier<? extends HiyCommand> factory;
    private final Door door;
    private final String name;
    private final String summary;

    /** type: the command's class, whose {@code @Command} names it; factory: a new one of it for each call. */
    public PicoSshCommand(Class<? extends HiyCommand> type, Supplier<? extends HiyCommand> factory, Door door) {
        this.factory = factory;
        this.door = door;
        CommandLine.Command annotation = type.getAnnotation(CommandLine.Command.class);
        this.name = annotation.name();
        this.summary = annotation.description().length > 0 ? annotation.description()[0] : "";
    }

    @Override public String name() { return name; }
    @Override public String summary() { return summary; }

    @Override
    public int run(CommandContext context, List<String> args) {
        HiyCommand command = factory.get();
        command.bind(context, door);
        int status = parseAndCall(commandLine(command, context), command, context, args);
        String action = command.ran() ? command.auditAction() : null;
        if (action != null) {
            door.audit().record(context.who().user(), context.who().fingerprint(), context.clientAddress(), action,
                    command.auditApp(), status == OK ? "ok" : "exit " + status);
        }
        return status;
    }

    private CommandLine commandLine(HiyCommand command, CommandContext context) {
        CommandLine cli = new CommandLine(command);
        cli.setExpandAtFiles(false);
        cli.setOut(new PrintWriter(context.out(), true));
        cli.setErr(new PrintWriter(context.err(), true));
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(
                context.terminal() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        cli.setCommandName("ssh " + door.hostHint().ssh() + " " + name);
        return cli;
    }

    private int parseAndCall(CommandLine cli, HiyCommand command, CommandContext context, List<String> args) {
        try {
            if (CommandLine.printHelpIfRequested(cli.parseArgs(args.toArray(String[]::new)))) return OK;
            return command.call();
        } catch (CommandLine.ParameterException e) {
            context.err().println(e.getMessage());
            context.err().println("Usage: ssh " + door.hostHint().ssh() + " " + name + " --help");
            return USER_ERROR;
        } catch (UserError e) {
            context.err().println(command.style.error(e.getMessage()));
            return USER_ERROR;
        } catch (Exception e) {
            LOG.warn("{} failed for {}", name, context.who().user(), e);
            context.err().println(command.style.error("HIY failed while running " + name + ": " + e.getMessage()
                    + ". This is HIY's fault, not yours: the server log has the details."));
            return FAILURE;
        }
    }
}
