package hiy.ssh.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.regex.Pattern;

@Command(name = "domains:add", mixinStandardHelpOptions = true,
        description = "Route another host name to an app (real names get automatic HTTPS).",
        footer = {"", "Example: ssh hiy@box domains:add blog www.example.com",
                "Point the name's DNS at this box first. Exit status: 0, 1 bad or taken name, unknown app."})
final class DomainsAddCommand extends HiyCommand {
    private static final Pattern HOST = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1", paramLabel = "HOST")
    String host;

    @Override
    protected int execute() throws Exception {
        app(name);
        String h = host.toLowerCase(Locale.ROOT);
        if (!HOST.matcher(h).matches()) {
            throw new UserError("\"" + host + "\" is not a host name: give a full name such as www.example.com (no scheme, port or path)");
        }
        for (var app : hiy.apps().all()) {
            if (hiy.routes().host(app.name()).equals(h)) throw new UserError(h + " is already the name of app " + app.name());
        }
        var owner = hiy.domains().owner(h);
        if (owner.isPresent()) {
            throw new UserError(h + " is already routed to " + (hiy.appAccess().mayUse(who(), owner.get()) ? owner.get() : "another app")
                    + "; remove it there first: ssh " + hostHint() + " domains:remove APP " + h);
        }
        hiy.domains().add(name, h);
        hiy.routes().apply();
        out().println("Routing " + h + " → " + name + ": " + hiy.routes().urlOfHost(h));
        return OK;
    }

    @Override protected String auditAction() { return "domains:add " + name + " " + host; }
    @Override protected String auditApp() { return name; }
}
