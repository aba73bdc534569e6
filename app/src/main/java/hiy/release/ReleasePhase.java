package hiy.release;

import hiy.model.Durations;
import hiy.model.LineSink;
import hiy.model.Procfile;
import hiy.runtime.ContainerRuntime;
import hiy.runtime.ContainerSpec;
import hiy.runtime.RuntimeFailure;
import hiy.store.Releases.Release;

import java.util.HashMap;
import java.util.Map;

/** The release command of a Procfile (release:), run once for a new release before any of its processes start. */
final class ReleasePhase {
    private final ContainerRuntime runtime;
    private final AppShapes shapes;

    ReleasePhase(ContainerRuntime runtime, AppShapes shapes) {
        this.runtime = runtime;
        this.shapes = shapes;
    }

    /**
     * Procfile's release: once, from the new image, with the new environment, before any traffic moves. Its
     * output joins the push's; a non-zero exit stops the deploy.
     */
    void run(Release r, Procfile procfile, Map<String, String> env, String serving, LineSink log)
            throws SwitchFailure {
        String command = procfile.releaseCommand().orElseThrow();
        log.line("-----> Running the release command of v" + r.version() + ": " + command);
        Map<String, String> containerEnv = new HashMap<>(env);
        containerEnv.put("PORT", String.valueOf(r.appPort()));
        long start = System.nanoTime();
        int exit;
        try {
            exit = runtime.runToEnd(new ContainerSpec(r.app(),
                    runtime.instance().containerName(r.app(), "v" + r.version() + "-release"), r.image(),
                    null, r.appPort(), Procfile.shell(command), containerEnv,
                    ProcessLauncher.labels(r, Procfile.RELEASE), shapes.of(r.app(), AppShapes.ONE_OFF)),
                    line -> log.line("       " + line));
        } catch (RuntimeFailure e) {
            throw new SwitchFailure("the release command of v" + r.version() + " could not run: " + e.getMessage()
                    + "; " + serving);
        }
        if (exit != 0) {
            throw new SwitchFailure("the release command of v" + r.version() + " failed (exit status " + exit
                    + "); " + serving + ". Its output is above: fix it, then push again");
        }
        log.line("-----> Release command done in " + Durations.secondsSince(start));
    }
}
