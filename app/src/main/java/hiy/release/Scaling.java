package hiy.release;

import hiy.config.Settings;
import hiy.model.LineSink;
import hiy.model.Procfile;
import hiy.store.Apps.App;
import hiy.store.Apps;
import hiy.store.Formation;
import hiy.store.Processes.AppProcess;
import hiy.store.Processes;
import hiy.store.Releases.Release;
import hiy.store.Releases;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Changes how many containers of each process type run: the new ones start through the health gate before any
 * surplus one is drained and stopped. The switch runs it under its lock.
 */
final class Scaling {
    /** A process type other than web can run this many containers at most (web: HIY_MAX_WEB). */
    static final int MAX_OTHER = 20;

    private final Apps apps;
    private final Releases releases;
    private final Processes processes;
    private final Formation formation;
    private final Settings settings;
    private final ProcessLauncher launcher;
    private final HealthChecks checks;
    private final ReleaseEnvironment env;
    private final SlotAllocation slots;
    private final Drain drain;

    Scaling(Apps apps, Releases releases, Processes processes, Formation formation, Settings settings,
            ProcessLauncher launcher, HealthChecks checks, ReleaseEnvironment env, SlotAllocation slots, Drain drain) {
        this.apps = apps;
        this.releases = releases;
        this.processes = processes;
        this.formation = formation;
        this.settings = settings;
        this.launcher = launcher;
        this.checks = checks;
        this.env = env;
        this.slots = slots;
        this.drain = drain;
    }

    /**
     * If a new one fails, those started are removed and the scale stays as it was. Without a release yet, or while
     * stopped, the scale is only kept for the next start.
     */
    void scale(String app, Map<String, Integer> wanted, LineSink log) throws SwitchFailure {
        App a = apps.find(app).orElseThrow(() -> new SwitchFailure("no app named " + app));
        Optional<Release> current = releases.current(a);
        check(app, wanted, current.map(r -> Procfile.stored(r.procfile())));
        if (current.isEmpty() || a.stopped()) {
            formation.set(app, wanted);
            return;
        }
        Release r = current.get();
        Procfile procfile = Procfile.stored(r.procfile());
        Map<String, String> environment = env.of(r);
        List<AppProcess> rows = processes.of(app, r.version());
        List<AppProcess> started = new ArrayList<>();
        List<AppProcess> surplus = new ArrayList<>();
        try {
            for (Map.Entry<String, Integer> w : wanted.entrySet()) {
                String type = w.getKey();
                Set<Integer> have = new HashSet<>();
                for (AppProcess p : rows) {
                    if (!p.type().equals(type)) continue;
                    if (p.index() > w.getValue()) surplus.add(p);
                    else have.add(p.index());
                }
                for (int i = 1; i <= w.getValue(); i++) {
                    if (!have.contains(i)) started.add(launcher.launch(r, procfile, type, i, environment, null, null, log));
                }
            }
            for (AppProcess p : started) launcher.awaitUp(p, r, checks.of(app), "the scale stays as it was", log);
        } catch (SwitchFailure e) {
            started.forEach(launcher::remove);
            throw e;
        }
        formation.set(app, wanted);
        slots.applyRoutes();
        drain.retire(surplus, checks.stopGrace(app));
    }

    /** Refuses a scale the release cannot run, before anything changes. */
    private void check(String app, Map<String, Integer> wanted, Optional<Procfile> procfile) throws SwitchFailure {
        for (Map.Entry<String, Integer> w : wanted.entrySet()) {
            String type = w.getKey();
            int max = Procfile.WEB.equals(type) ? settings.maxWeb() : MAX_OTHER;
            if (w.getValue() < 0 || w.getValue() > max) {
                throw new ScaleRefused(type + " can run 0 to " + max + " containers"
                        + (Procfile.WEB.equals(type) ? " (HIY_MAX_WEB on the server)" : "") + ", not " + w.getValue());
            }
            if (procfile.isPresent() && !procfile.get().has(type)) {
                throw new ScaleRefused(app + " has no process type " + type + "; its Procfile has: "
                        + String.join(", ", procfile.get().types()));
            }
        }
    }
}
