package hiy.release;

import hiy.model.LineSink;
import hiy.routing.RouteTable;
import hiy.routing.RoutingFailure;
import hiy.runtime.ContainerRuntime;
import hiy.runtime.RuntimeFailure;
import hiy.store.Apps;
import hiy.store.Builds;
import hiy.store.Releases;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * apps:rename, in one sequence with no switch under way: the app's processes stop; its volumes are copied to volumes
 * of the new name (Podman cannot rename a volume, and a volume is found by its name, hiy-ID-APP-NAME, everywhere:
 * storage, destroy, backup); its images get the new name's tags; its repository, static site folders and records move; routes follow
 * (the old name answers as any unknown name does); the processes start again under the new name through the health
 * gate. Until that start passed, every step is undone if a later one fails, so the app is as it was under its old
 * name; after it, the old volumes and tags are removed.
 */
public final class AppRename {
    /** The app's git repository, which lives outside the runtime's reach. */
    public interface Repository {
        void move(String from, String to) throws IOException;
    }

    /** restarted: it ran before and runs again now; volumes: the NAMEs copied. */
    public record Renamed(boolean restarted, List<String> volumes, Optional<Releases.Release> live) { }

    private interface Undo {
        void run() throws Exception;
    }

    private final ReleaseSwitch releaseSwitch;
    private final Apps apps;
    private final Releases releases;
    private final Builds builds;
    private final ContainerRuntime runtime;
    private final RouteTable routes;

    public AppRename(ReleaseSwitch releaseSwitch, Apps apps, Releases releases, Builds builds, ContainerRuntime runtime,
                     RouteTable routes) {
        this.releaseSwitch = releaseSwitch;
        this.apps = apps;
        this.releases = releases;
        this.builds = builds;
        this.runtime = runtime;
        this.routes = routes;
    }

    /** {@code to} is a valid new app name; the rest is checked here, under the switch's lock, before anything changes. */
    public Renamed rename(String from, String to, Repository repository, String user, LineSink log) throws SwitchFailure {
        return releaseSwitch.exclusively(() -> {
            Apps.App app = check(from, to);
            boolean running = app.currentRelease() != null && !app.stopped();
            List<String> volumes = runtime.volumesOf(from);
            Map<String, String> tags = newTags(from, to);
            Deque<Undo> undo = new ArrayDeque<>();
            try {
                if (running) {
                    log.line("-----> Stopping " + from + " (its URL stops answering now)");
                    releaseSwitch.stop(from);
                    undo.push(() -> releaseSwitch.start(from, user, log));
                }
                for (String volume : volumes) {
                    log.line("-----> Copying volume " + volume + " to " + to + "'s");
                    undo.push(() -> runtime.removeVolume(to, volume));
                    runtime.copyVolume(from, volume, to);
                }
                for (Map.Entry<String, String> tag : tags.entrySet()) {
                    if (runtime.imageSize(tag.getKey()).isEmpty()) continue;
                    runtime.tagImage(tag.getKey(), tag.getValue());
                    undo.push(() -> runtime.removeImage(tag.getValue()));
                }
                repository.move(from, to);
                undo.push(() -> repository.move(to, from));
                releaseSwitch.renameSites(from, to);
                undo.push(() -> releaseSwitch.renameSites(to, from));
                apps.rename(from, to, tags);
                undo.push(() -> apps.rename(to, from, reversed(tags)));
                applyRoutes(log);
                Optional<Releases.Release> live = Optional.empty();
                if (running) {
                    log.line("-----> Starting " + to);
                    undo.push(() -> runtime.removeNetwork(to));
                    undo.push(() -> releaseSwitch.stop(to));
                    live = Optional.of(releaseSwitch.start(to, user, log));
                }
                runtime.removeNetwork(from);
                removeOld(from, volumes, tags, log);
                return new Renamed(running, volumes, live);
            } catch (SwitchFailure | RuntimeFailure | IOException | RuntimeException e) {
                log.line("-----> Renaming failed: " + e.getMessage() + "; putting " + from + " back as it was");
                undoAll(undo, log);
                throw e instanceof SwitchFailure s ? s : new SwitchFailure("could not rename " + from + " to " + to
                        + ": " + e.getMessage());
            }
        });
    }

    private Apps.App check(String from, String to) throws SwitchFailure {
        Apps.App app = apps.find(from).orElseThrow(() -> new SwitchFailure("no app named " + from));
        if (from.equals(to)) throw new SwitchFailure(from + " has that name already; give the new name");
        if (apps.find(to).isPresent()) {
            throw new SwitchFailure("an app named " + to + " exists already; choose another name, or destroy that"
                    + " app first");
        }
        if (builds.pending(from)) {
            throw new SwitchFailure(from + " has a build queued or under way; rename it once the push has finished");
        }
        List<String> kept = runtime.volumesOf(to);
        if (!kept.isEmpty()) {
            throw new SwitchFailure("volume(s) " + String.join(", ", kept) + " of a destroyed app named " + to
                    + " are kept on this box, and a renamed app would find them; choose another name, or delete them"
                    + " first (apps:create " + to + ", then apps:destroy " + to + " --volumes --confirm " + to + ")");
        }
        return app;
    }

    /** Each image tag of the app's releases, to the tag of the same image under the new name. */
    private Map<String, String> newTags(String from, String to) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Releases.Release r : releases.of(from)) {
            String renamed = runtime.instance().imageTagRenamed(r.image(), from, to);
            if (!renamed.equals(r.image())) tags.put(r.image(), renamed);
        }
        return tags;
    }

    private static Map<String, String> reversed(Map<String, String> tags) {
        Map<String, String> back = new LinkedHashMap<>();
        tags.forEach((from, to) -> back.put(to, from));
        return back;
    }

    private void applyRoutes(LineSink log) {
        try {
            routes.apply();
        } catch (RoutingFailure e) {
            log.line("       Caddy did not take the new routes yet (" + e.getMessage() + "); HIY gives them again"
                    + " within seconds");
        }
    }

    /** What the old name still holds, once the new one serves; what cannot go yet is named for the admin. */
    private void removeOld(String from, List<String> volumes, Map<String, String> tags, LineSink log) {
        List<String> left = new ArrayList<>();
        for (String volume : volumes) {
            try {
                runtime.removeVolume(from, volume);
            } catch (RuntimeFailure e) {
                left.add(runtime.instance().volume(from, volume));
            }
        }
        tags.keySet().forEach(runtime::removeImage);
        if (!left.isEmpty()) {
            log.line("       The old volume(s) " + String.join(", ", left) + " are still in use (a `run` of " + from
                    + "?); their data was copied: remove them later with podman volume rm");
        }
    }

    private static void undoAll(Deque<Undo> undo, LineSink log) {
        while (!undo.isEmpty()) {
            try {
                undo.pop().run();
            } catch (Exception e) {
                log.line("       could not undo a step: " + e.getMessage());
            }
        }
    }
}
