package hiy.ssh.commands;

import hiy.server.Version;
import hiy.ssh.CommandContext;
import hiy.ssh.SshCommand;

import java.util.List;

public final class VersionCommand implements SshCommand {
    @Override public String name() { return "version"; }
    @Override public String summary() { return "print HIY's version"; }

    @Override
    public int run(CommandContext context, List<String> args) {
        context.out().println("HIY " + Version.VERSION);
        return OK;
    }
}
