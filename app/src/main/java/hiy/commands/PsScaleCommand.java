package hiy.commands;

import hiy.model.Durations;
import hiy.model.Procfile;
import hiy.release.ReleaseSwitch;
import hiy.release.SwitchFailure;
import hiy.store.Apps;
import hiy.store.Formation;
import hiy.store.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "ps:scale", mixinStandardHelpOptions = true,
        description = "Show or set how many containers of each process type run (web behind Caddy's load "
                + "balancing, others without a route).",
        footer = {"", "Example: ssh hiy@box ps:scale blog web=2 worker=1",
                "          ssh hiy@box ps:scale blog        (shows the scale)",
                "New containers start and pass the health check before surplus ones are drained and stopped; if one "
                        + "fails, the scale stays as it was. The scale is kept across deploys and restarts. Types "
                        + "come from the app's Procfile; without one there is only web.",
                "Exit status: 0, 1 unknown app or type, bad quantity, or a new container did not get healthy."})
final class PsScaleCommand extends HiyCommand {
    private static final Pattern PAIR = Pattern.compile("([^=]+)=(\\d{1,4})");

    private final Releases releases;
    private final Formation formation;
    private final ReleaseSwitch releaseSwitch;

    @Parameters(index = "0", paramLabel = "APP")
    String name;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "TYPE=N")
    List<String> pairs = new ArrayList<>();

    PsScaleCommand(Releases releases, Formation formation, ReleaseSwitch releaseSwitch) {
        this.releases = releases;
        this.formation = formation;
        this.releaseSwitch = releaseSwitch;
    }

    @Override
    protected int execute() throws UserError {
        Apps.App app = app(name);
        Releases.Release current = releases.current(app).orElse(null);
        Procfile procfile = current == null ? null : Procfile.stored(current.procfile());
        if (pairs.isEmpty()) {
            out().println(procfile == null ? name + " has no release yet; its scale: " + formation.of(name)
                    : describe(formation, name, procfile));
            return OK;
        }
        Map<String, Integer> wanted = new LinkedHashMap<>();
        for (String pair : pairs) {
            Matcher m = PAIR.matcher(pair);
            if (!m.matches()) {
                throw new UserError("\"" + pair + "\" is not TYPE=N: write e.g. web=2 worker=1");
            }
            if (!Procfile.validType(m.group(1))) {
                throw new UserError("\"" + m.group(1) + "\" is not a process type: use a name from the Procfile,"
                        + " such as web or worker");
            }
            wanted.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        long start = System.nanoTime();
        out().println(style.step("Scaling " + name + " to " + String.join(" ", pairs)));
        try {
            releaseSwitch.scale(name, wanted, progress(name));
        } catch (SwitchFailure e) {
            return Releasing.failed(this, e, "See the processes with: ssh " + hostHint() + " ps " + name);
        }
        out().println(style.step("Scaled in " + Durations.secondsSince(start) + ": "
                + (procfile == null ? "applies at the first deploy" : describe(formation, name, procfile))));
        return OK;
    }

    /** web=2 worker=1, for every type of the Procfile. */
    static String describe(Formation formation, String app, Procfile procfile) {
        List<String> parts = new ArrayList<>();
        for (String type : procfile.types()) parts.add(type + "=" + formation.quantity(app, type));
        return parts.isEmpty() ? "(no process types)" : String.join(" ", parts);
    }

    @Override protected String auditAction() { return "ps:scale " + name + " " + String.join(" ", pairs); }
    @Override protected String auditApp() { return name; }
}
