package hiy.commands;

import hiy.notify.NotifyRules;
import hiy.store.NotifyTargets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "notify:unset", mixinStandardHelpOptions = true,
        description = "Stop telling a URL about an app's events (or every app's, admins).",
        footer = {"", "Example: ssh hiy@box notify:unset blog https://ntfy.sh/my-blog-topic",
                "Exit status: 0, 1 unknown app, no such URL, or every app by a non-admin."})
final class NotifyUnsetCommand extends HiyCommand {
    private final NotifyTargets notifyTargets;

    @Parameters(arity = "1..2", paramLabel = "[APP] URL")
    List<String> args = new ArrayList<>();

    private String app;
    private String hint;

    NotifyUnsetCommand(NotifyTargets notifyTargets) {
        this.notifyTargets = notifyTargets;
    }

    @Override
    protected int execute() throws UserError {
        app = NotifySetCommand.scopeOf(this, args);
        String url = args.get(args.size() - 1);
        if (!notifyTargets.unset(app, url)) {
            throw new UserError("no notification goes to that URL for " + (app == null ? "every app" : app)
                    + "; see them with: ssh " + hostHint() + " notify" + (app == null ? "" : " " + app));
        }
        hint = NotifyRules.hint(url);
        out().println("No longer notifying " + hint + " of " + (app == null ? "every app" : app) + ".");
        return OK;
    }

    @Override protected String auditAction() { return hint == null ? null : "notify:unset " + (app == null ? "(every app)" : app) + " " + hint; }
    @Override protected String auditApp() { return app; }
}
