package hiy.commands;

import hiy.config.Settings;
import hiy.routing.RouteTable;
import hiy.secrets.BrowserSessions;
import picocli.CommandLine.Command;

@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Print a one-time link that logs a browser in to HIY's dashboard as you (valid "
                + "5 minutes, used once).",
        footer = {"", "Example: ssh hiy@box dashboard", "Log every browser of yours out: ssh hiy@box dashboard:logout-all",
                "Exit status: 0, 1 the HTTP door is off (HIY_API_PORT=0)."})
final class DashboardCommand extends HiyCommand {
    private final Settings settings;
    private final RouteTable routes;
    private final BrowserSessions browserSessions;

    DashboardCommand(Settings settings, RouteTable routes, BrowserSessions browserSessions) {
        this.settings = settings;
        this.routes = routes;
        this.browserSessions = browserSessions;
    }

    @Override
    protected int execute() throws UserError {
        if (settings.apiPort().isEmpty()) {
            throw new UserError("the dashboard is served by HIY's HTTP door, which is off on this box (HIY_API_PORT=0):"
                    + " ask the admin to set HIY_API_PORT (e.g. 8089) and restart HIY");
        }
        String secret = browserSessions.newLink(who().user());
        out().println("Open this link in your browser within " + BrowserSessions.LINK_TTL.toMinutes() + " minutes; it"
                + " works once and logs that browser in as " + who().user() + ":");
        out().println("  " + routes.urlOfHost(routes.host(RouteTable.API_NAME)) + "/login/" + secret);
        return OK;
    }

    @Override protected String auditAction() { return "dashboard: login link made"; }
}
