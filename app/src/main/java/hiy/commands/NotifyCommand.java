package hiy.commands;

import hiy.store.Apps;
import hiy.store.NotifyTargets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "notify", mixinStandardHelpOptions = true,
        description = "List where an app's events are told (and those told of every app); only each URL's host is shown.",
        footer = {"", "Example: ssh hiy@box notify blog", "         ssh hiy@box notify        (all you may see)",
                "Exit status: 0, 1 unknown app."})
final class NotifyCommand extends HiyCommand {
    private final AppAccess appAccess;
    private final NotifyTargets notifyTargets;

    @Parameters(arity = "0..1", paramLabel = "APP")
    String name;

    NotifyCommand(AppAccess appAccess, NotifyTargets notifyTargets) {
        this.appAccess = appAccess;
        this.notifyTargets = notifyTargets;
    }

    @Override
    protected int execute() throws UserError {
        List<NotifyTargets.Target> shown = new ArrayList<>(notifyTargets.listed(null));
        if (name != null) {
            shown.addAll(notifyTargets.listed(app(name).name()));
        } else {
            for (Apps.App a : appAccess.visibleApps(who())) shown.addAll(notifyTargets.listed(a.name()));
        }
        if (shown.isEmpty()) {
            out().println("No notifications. Add one: ssh " + hostHint() + " notify:set " + (name == null ? "APP" : name)
                    + " https://ntfy.sh/TOPIC");
            return OK;
        }
        TextTable table = new TextTable().row("APP", "URL", "KIND", "EVENTS", "BY");
        for (NotifyTargets.Target t : shown) {
            table.row(t.app() == null ? "(every app)" : t.app(), t.hint(), t.kind(), String.join(",", t.events()), t.user());
        }
        table.print(out());
        return OK;
    }
}
