package hiy.release;

import hiy.model.LineSink;
import hiy.model.Procfile;
import hiy.release.ExpectedProcesses.Expected;
import hiy.runtime.ContainerRuntime;
import hiy.store.Apps.App;
import hiy.store.Apps;
import hiy.store.Processes.AppProcess;
import hiy.store.Processes;
import hiy.store.Releases.Release;
import hiy.store.Releases;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts again what should run and does not: after a crash or a removal (the supervisor), after a reboot (HIY's
 * start), at `start`, and after a failed switch that had stopped the old release first. The switch runs it under
 * its lock.
 */
final class Revival {
    private final Apps apps;
    private final Releases releases;
    private final Processes processes;
    private final ContainerRuntime runtime;
    private final ExpectedProcesses expected;
    private final ProcessLauncher launcher;
    private final HealthChecks checks;
    private final ReleaseEnvironment env;
    private final SlotAllocation slots;

    Revival(Apps apps, Releases releases, Processes processes, ContainerRuntime runtime, ExpectedProcesses expected,
            ProcessLauncher launcher, HealthChecks checks, ReleaseEnvironment env, SlotAllocation slots) {
        this.apps = apps;
        this.releases = releases;
        this.processes = processes;
        this.runtime = runtime;
        this.expected = expected;
        this.launcher = launcher;
        this.checks = checks;
        this.env = env;
        this.slots = slots;
    }

    /** Process TYPE.INDEX of the app's current release, if the app should run it and it does not run. */
    Optional<AppProcess> ifDown(String app, String type, int index) throws SwitchFailure {
        Optional<App> a = apps.find(app);
        if (a.isEmpty()) return Optional.empty();
        Optional<Release> current = releases.current(a.get());
        if (current.isEmpty()) return Optional.empty();
        for (Expected e : expected.of(a.get())) {
            if (!e.type().equals(type) || e.index() != index) continue;
            if (expected.runs(e)) return Optional.empty();
            AppProcess revived = revive(current.get(), e, LineSink.NULL);
            slots.applyRoutes();
            return Optional.of(revived);
        }
        return Optional.empty();
    }

    /** Every process of the app that should run but does not. */
    List<AppProcess> all(String app) throws SwitchFailure {
        App a = apps.find(app).orElseThrow();
        Optional<Release> current = releases.current(a);
        if (current.isEmpty()) return List.of();
        List<AppProcess> revived = down(current.get(), expected.of(a), LineSink.NULL);
        if (!revived.isEmpty()) slots.applyRoutes();
        return revived;
    }

    /** Every process the formation asks of the release, stopped app or not, that does not run; routes unchanged. */
    void release(Release r, LineSink log) throws SwitchFailure {
        down(r, expected.of(apps.find(r.app()).orElseThrow(), r), log);
    }

    /** After a failed switch that stopped it first, the release that ran before runs again. */
    void startAgain(Release running, LineSink log) {
        try {
            release(running, log);
            slots.applyRoutes();
        } catch (SwitchFailure again) {
            log.line("       v" + running.version() + " did not start again either: " + again.getMessage());
        }
    }

    /** Starts again each of these processes of the release that does not run; returns those started. */
    private List<AppProcess> down(Release r, List<Expected> wanted, LineSink log) throws SwitchFailure {
        List<AppProcess> revived = new ArrayList<>();
        for (Expected e : wanted) {
            if (!expected.runs(e)) revived.add(revive(r, e, log));
        }
        return revived;
    }

    /** A process in a new container of the same name, on its old slot if that is still free. */
    private AppProcess revive(Release r, Expected e, LineSink log) throws SwitchFailure {
        String name = e.process().map(AppProcess::container).orElse(null);
        Integer port = null;
        if (e.process().isPresent()) {
            AppProcess old = e.process().get();
            runtime.stopAndRemove(old.container(), Duration.ZERO);
            processes.remove(old.container());
            if (old.isWeb() && Slots.free(old.port())) port = old.port();
        }
        AppProcess p = launcher.launch(r, Procfile.stored(r.procfile()), e.type(), e.index(), env.of(r), port, name, log);
        launcher.awaitUp(p, r, checks.of(r.app()), "it stays down", log);
        return p;
    }
}
