package hiy.commands;

import hiy.secrets.BrowserSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dashboard:logout-all", mixinStandardHelpOptions = true,
        description = "End every dashboard session of yours (and your unused login links).",
        footer = {"", "Example: ssh hiy@box dashboard:logout-all", "Admins: ssh hiy@box dashboard:logout-all --everyone",
                "Exit status: 0, 1 --everyone without being an admin."})
final class DashboardLogoutAllCommand extends HiyCommand {
    private final BrowserSessions browserSessions;

    @Option(names = "--everyone", description = "every user's sessions (admins)")
    boolean everyone;

    private int ended;

    DashboardLogoutAllCommand(BrowserSessions browserSessions) {
        this.browserSessions = browserSessions;
    }

    @Override
    protected int execute() throws UserError {
        if (everyone && !who().admin()) {
            throw new UserError("only admins end everyone's dashboard sessions; without --everyone this ends yours");
        }
        ended = browserSessions.logoutAll(everyone ? null : who().user());
        out().println("Ended " + ended + " dashboard session(s) of " + (everyone ? "every user" : who().user())
                + "; a new login link: ssh " + hostHint() + " dashboard");
        return OK;
    }

    @Override protected String auditAction() {
        return "dashboard:logout-all" + (everyone ? " --everyone" : "") + ": " + ended + " ended";
    }
}
