package hiy.commands;

import hiy.config.Settings;
import hiy.routing.RouteTable;
import hiy.store.Domains;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

@Command(name = "domains:add", mixinStandardHelpOptions = true,
        description = "Route another host name to an app (real names get automatic HTTPS).",
        footer = {"", "Example: ssh hiy@box domains:add blog www.blog.example.com   (a name under the app's own)",
                "         ssh hiy@box domains:add blog www.example.com        (a name of your own: admins)",
                "A name ending in .HIY_DOMAIN belongs to the app its last label before it names. Point the name's DNS at "
                        + "this box first. Exit status: 0, 1 bad or taken name, unknown app, or not an admin."})
final class DomainsAddCommand extends HiyCommand {
    private static final Pattern HOST = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    private final Settings settings;
    private final Domains domains;
    private final AppAccess appAccess;
    private final RouteTable routes;

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1", paramLabel = "HOST")
    String host;

    DomainsAddCommand(Settings settings, Domains domains, AppAccess appAccess, RouteTable routes) {
        this.settings = settings;
        this.domains = domains;
        this.appAccess = appAccess;
        this.routes = routes;
    }

    @Override
    protected int execute() throws Exception {
        app(name);
        String h = host.toLowerCase(Locale.ROOT);
        if (!HOST.matcher(h).matches()) {
            throw new UserError("\"" + host + "\" is not a host name: give a full name such as www.example.com (no scheme, port or path)");
        }
        String domain = settings.domain();
        Optional<String> byName = routes.ownerByName(h);
        if (h.equals(routes.host(name))) throw new UserError(h + " is " + name + "'s own name already");
        if (byName.isPresent() && !byName.get().equals(name)) {
            throw new UserError(h + " belongs to the app named " + byName.get() + ", whether or not it exists: a name "
                    + "ending in ." + domain + " belongs to the app it names. Give " + name + " a name under its own, "
                    + "e.g. www." + routes.host(name));
        }
        if (byName.isEmpty() && !who().admin()) {
            throw new UserError("only admins can route a name outside " + domain + " (Caddy asks a public certificate "
                    + "authority for it); ask an admin, or use a name under " + routes.host(name));
        }
        var owner = domains.owner(h);
        if (owner.isPresent()) {
            throw new UserError(appAccess.mayUse(who(), owner.get())
                    ? h + " is already routed to " + owner.get() + "; remove it there first: ssh " + hostHint()
                            + " domains:remove " + owner.get() + " " + h
                    : h + " is already routed to another app; ask an admin");
        }
        domains.add(name, h);
        routes.apply();
        out().println("Routing " + h + " → " + name + ": " + routes.urlOfHost(h));
        return OK;
    }

    @Override protected String auditAction() { return "domains:add " + name + " " + host; }
    @Override protected String auditApp() { return name; }
}
