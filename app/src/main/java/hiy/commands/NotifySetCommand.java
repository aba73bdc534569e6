package hiy.commands;

import hiy.notify.NotifyRules;
import hiy.store.NotifyTargets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "notify:set", mixinStandardHelpOptions = true,
        description = "Tell an ntfy topic or a Slack-compatible incoming webhook about an app's deploys, failed deploys,"
                + " crashes and rollbacks.",
        footer = {"", "Example: ssh hiy@box notify:set blog https://ntfy.sh/my-blog-topic",
                "         ssh hiy@box notify:set blog https://hooks.slack.com/services/T0/B0/XYZ --events fail,crash",
                "         ssh hiy@box notify:set https://ntfy.sh/all-of-hiy    (every app; admins)",
                "Without --kind, a URL on slack.com or with /hooks/ or /services/ in its path gets Slack's JSON"
                        + " {\"text\": …}, any other ntfy's plain text with a Title header. Setting a URL again changes"
                        + " its events. Messages go out in the background, a few tries each, and never hold up a deploy.",
                "Exit status: 0, 1 unknown app, a URL that is not http(s), an unknown event or kind, or every app by a"
                        + " non-admin."})
final class NotifySetCommand extends HiyCommand {
    private final NotifyTargets notifyTargets;

    @Parameters(arity = "1..2", paramLabel = "[APP] URL")
    List<String> args = new ArrayList<>();

    @Option(names = "--events", paramLabel = "EVENTS", description = "comma-separated: deploy, fail, crash, rollback (default: all)")
    String events;

    @Option(names = "--kind", paramLabel = "KIND", description = "slack or ntfy (default: told by the URL)")
    String kind;

    private String app;
    private String hint;

    NotifySetCommand(NotifyTargets notifyTargets) {
        this.notifyTargets = notifyTargets;
    }

    @Override
    protected int execute() throws UserError {
        app = scopeOf(this, args);
        String url = args.get(args.size() - 1);
        NotifyTargets.Target target;
        try {
            NotifyRules.checkUrl(url, who().admin());
            target = new NotifyTargets.Target(app, url, NotifyRules.hint(url), NotifyRules.kind(kind, url),
                    NotifyRules.events(events), who().user());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        hint = target.hint();
        notifyTargets.set(target);
        out().println("Notifying " + target.hint() + " (" + target.kind() + ") of " + String.join(", ", target.events())
                + " on " + (app == null ? "every app" : app) + ".");
        return OK;
    }

    /** The app of `notify:set APP URL` (one the caller may use), or null for `notify:set URL`: every app, admins only. */
    static String scopeOf(HiyCommand command, List<String> args) throws UserError {
        if (args.size() == 1) {
            command.requireAdmin("notify about every app; name yours: notify:set APP URL");
            return null;
        }
        return command.app(args.get(0)).name();
    }

    @Override protected String auditAction() {
        return "notify:set " + (app == null ? "(every app)" : app) + " " + hint + (events == null ? "" : " --events " + events);
    }
    @Override protected String auditApp() { return app; }
}
