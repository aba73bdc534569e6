package hiy.commands;

import hiy.model.Durations;
import hiy.release.AppRename;
import hiy.release.SwitchFailure;
import hiy.repos.AppRepositories;
import hiy.routing.RouteTable;
import hiy.sshd.AppName;
import hiy.store.Apps;
import hiy.store.Webhooks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "apps:rename", mixinStandardHelpOptions = true,
        description = "Give an app a new name (admins): its repository, config, releases, volumes and their data,"
                + " domains, access, checks, scale, limits, labels and history follow. Its processes start again"
                + " under the new name through the health check; the old name's URL stops answering.",
        footer = {"", "Example: ssh hiy@box apps:rename blog journal",
                "Then point your clone at the new remote: git remote set-url hiy ssh://hiy@box:2222/journal",
                "Exit status: 0 renamed, 1 bad, same or taken name, unknown app, a build under way, not an admin,"
                        + " or the app did not start under its new name (it is then back under its old one)."})
@AdminOnly("rename apps")
final class AppsRenameCommand extends HiyCommand {
    private final Apps apps;
    private final RouteTable routes;
    private final AppRepositories repositories;
    private final Webhooks webhooks;
    private final AppRename appRename;

    @Parameters(index = "0", paramLabel = "OLD")
    String from;

    @Parameters(index = "1", paramLabel = "NEW")
    String to;

    private boolean renamed;

    AppsRenameCommand(Apps apps, RouteTable routes, AppRepositories repositories, Webhooks webhooks,
                      AppRename appRename) {
        this.apps = apps;
        this.routes = routes;
        this.repositories = repositories;
        this.webhooks = webhooks;
        this.appRename = appRename;
    }

    @Override
    protected int execute() throws Exception {
        app(from);
        if (from.equals(to)) throw new UserError(from + " is called " + to + " already; give the new name");
        try {
            AppName.validateNew(to);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (apps.find(to).isPresent()) {
            throw new UserError("an app named " + to + " exists already; choose another name");
        }
        long start = System.nanoTime();
        out().println(style.step("Renaming " + from + " to " + to));
        AppRename.Renamed done;
        try {
            done = appRename.rename(from, to, repositories::moveRepo, who().user(), progress(from));
        } catch (SwitchFailure e) {
            throw new UserError("could not rename " + from + " to " + to + ": " + e.getMessage());
        }
        renamed = true;
        out().println(style.step("Renamed " + from + " to " + to + " in " + Durations.secondsSince(start)
                + (done.volumes().isEmpty() ? "" : ", with its volume(s) " + String.join(", ", done.volumes()))));
        out().println(done.live().map(r -> "Live at " + routes.url(to) + " (release v" + r.version() + ")")
                .orElse("It will be served at " + routes.url(to)) + "; " + routes.url(from)
                + " no longer answers.");
        out().println("Its push remote is now " + repoUrl(to) + "; in your clone run:");
        out().println("  git remote set-url hiy " + repoUrl(to));
        if (webhooks.of(to).isPresent()) {
            out().println("Its GitHub webhook's payload URL is now " + WebhooksSetCommand.payloadUrl(routes, to)
                    + ": change it in the repository's Settings > Webhooks (the secret stays the same).");
        }
        return OK;
    }

    @Override protected String auditAction() { return "apps:rename " + from + " " + to; }
    @Override protected String auditApp() { return renamed ? to : from; }
}
