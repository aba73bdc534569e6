package hiy.http;

import com.fasterxml.jackson.databind.JsonNode;
import hiy.build.BuildQueue;
import hiy.commands.AppAccess;
import hiy.commands.AppLifecycle;
import hiy.commands.AppStatus;
import hiy.commands.ConfigKeys;
import hiy.commands.Refused;
import hiy.commands.UserError;
import hiy.hooks.DeployHook;
import hiy.release.ReleaseSwitch;
import hiy.release.SwitchFailure;
import hiy.release.Teardown;
import hiy.repos.AppRepositories;
import hiy.routing.RouteTable;
import hiy.secrets.Redactor;
import hiy.sshd.HostHint;
import hiy.store.Apps;
import hiy.store.Audit;
import hiy.store.Builds;
import hiy.store.ConfigVars;
import hiy.store.Releases;
import org.eclipse.jgit.lib.Constants;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static hiy.http.Exchanges.object;

/**
 * What the API does with apps, each through the same parts (rights, queue, release switch, store) the SSH command of
 * the same name uses, and audited like it, "via token NAME".
 */
final class AppsApi {
    private final AppAccess appAccess;
    private final AppLifecycle lifecycle;
    private final RouteTable routes;
    private final HostHint hostHint;
    private final AppRepositories repositories;
    private final BuildQueue queue;
    private final Builds builds;
    private final ConfigVars config;
    private final ReleaseSwitch releaseSwitch;
    private final AppStatus status;
    private final Releases releases;
    private final Audit audit;

    AppsApi(AppAccess appAccess, AppLifecycle lifecycle, RouteTable routes, HostHint hostHint,
            AppRepositories repositories, BuildQueue queue, Builds builds, ConfigVars config,
            ReleaseSwitch releaseSwitch, AppStatus status, Releases releases, Audit audit) {
        this.appAccess = appAccess;
        this.lifecycle = lifecycle;
        this.routes = routes;
        this.hostHint = hostHint;
        this.repositories = repositories;
        this.queue = queue;
        this.builds = builds;
        this.config = config;
        this.releaseSwitch = releaseSwitch;
        this.status = status;
        this.releases = releases;
        this.audit = audit;
    }

    List<Map<String, Object>> list(Caller caller) {
        return caller.visibleApps(appAccess).stream().map(this::describe).toList();
    }

    Map<String, Object> show(Caller caller, String name) throws ApiError {
        Apps.App app = caller.app(appAccess, name, false);
        Map<String, Object> shown = describe(app);
        shown.put("commit", current(app).map(Releases.Release::sha).orElse(null));
        return shown;
    }

    /** An empty app, as apps:create (admins); a first push by an admin makes one too. */
    Map<String, Object> create(Caller caller, JsonNode body) throws ApiError {
        JsonNode given = body.path("name");
        if (!given.isTextual()) throw new ApiError(400, "send the new app's name as {\"name\": \"blog\"}");
        String name = ApiRoutes.appName(given.textValue());
        caller.narrowTo(name, true);
        try {
            lifecycle.create(caller.who(), name);
        } catch (Refused e) {
            throw ApiError.of(e);
        }
        audit(caller, "apps:create " + name, name, "ok");
        return object("name", name, "url", routes.url(name), "git", hostHint.repoUrl(name));
    }

    /** The app and all its data, as apps:destroy: admins only, and only with ?confirm=APP (volumes=1: its volumes too). */
    Map<String, Object> destroy(Caller caller, String name, String confirm, boolean volumes) throws ApiError, IOException {
        caller.narrowTo(name, true);
        String action = "apps:destroy " + name + (volumes ? " --volumes" : "");
        try {
            Apps.App app = lifecycle.checkDestroy(caller.who(), name, confirm, volumes, "send: DELETE /api/apps/"
                    + name + "?confirm=" + name + (volumes ? "&volumes=1" : ""), "volumes=1");
            Teardown.Destroyed gone = lifecycle.destroy(app, volumes);
            audit(caller, action, name, "ok");
            return object("destroyed", name, "containers", gone.containers(), "images", gone.images(),
                    volumes ? "volumes_deleted" : "volumes_kept", gone.volumes());
        } catch (UserError e) {
            throw ApiError.of(e);
        }
    }

    /** Queues a build of the deploy branch's commit, as `deploy` does; the caller follows it by its id. */
    Map<String, Object> deploy(Caller caller, String name) throws ApiError, IOException {
        caller.app(appAccess, name, true);
        String sha = repositories.deployBranchSha(name).orElseThrow(() -> new ApiError(409, name + " has nothing on "
                + DeployHook.DEPLOY_BRANCH + " to deploy yet; push it first: git push " + hostHint.repoUrl(name)
                + " " + DeployHook.DEPLOY_BRANCH));
        long id = queue.enqueue(name, sha, Constants.R_HEADS + DeployHook.DEPLOY_BRANCH, "api", caller.who().user());
        audit(caller, "deploy " + name + ": queued build " + id, name, "ok");
        return object("app", name, "build", id, "commit", sha, "url", "/api/apps/" + name + "/builds/" + id);
    }

    Map<String, Object> build(Caller caller, String name, long id) throws ApiError {
        caller.app(appAccess, name, false);
        Builds.Build b = builds.find(id).filter(x -> x.app().equals(name)).orElseThrow(() -> new ApiError(404,
                name + " has no build " + id + "; a deploy's answer names its build"));
        return object("id", b.id(), "app", b.app(), "commit", b.sha(), "status", b.status().dbName(),
                "trigger", b.trigger(), "release", b.release() == null ? null : "v" + b.release(), "error", b.error());
    }

    /** Fresh containers of the current release, as `restart` does; answers once they serve (or did not get healthy). */
    Map<String, Object> restart(Caller caller, String name) throws ApiError {
        Apps.App app = caller.app(appAccess, name, true);
        if (current(app).isEmpty()) throw new ApiError(409, Releases.noneYet(name, null));
        List<String> log = new ArrayList<>();
        Redactor redactor = Redactor.of(config.of(name).values());
        try {
            Releases.Release live = releaseSwitch.restart(name, caller.who().user(), line -> log.add(redactor.redact(line)));
            audit(caller, "restart " + name, name, "ok");
            return object("app", name, "release", "v" + live.version(), "url", routes.url(name), "log", log);
        } catch (SwitchFailure e) {
            audit(caller, "restart " + name, name, "failed");
            throw new ApiError(502, e.getMessage() + "; fix the app, then deploy again");
        }
    }

    /** Config names; the values too with values=1, for a token that may change the app (as only it could set them). */
    Map<String, Object> config(Caller caller, String name, boolean values) throws ApiError {
        caller.app(appAccess, name, values);
        Map<String, String> vars = new TreeMap<>(config.of(name));
        return values ? object("app", name, "vars", vars) : object("app", name, "names", List.copyOf(vars.keySet()));
    }

    /**
     * {"KEY": "value"} sets, {"KEY": null} unsets; then a new release with them, as config:set and config:unset do;
     * restart false: it goes live at the next restart (--no-restart).
     */
    Map<String, Object> setConfig(Caller caller, String name, JsonNode body, boolean restart) throws ApiError {
        caller.app(appAccess, name, true);
        if (!body.isObject() || body.isEmpty()) {
            throw new ApiError(400, "send a JSON object of config vars, e.g. {\"GREETING\": \"hello\", \"OLD\": null} (null unsets)");
        }
        Map<String, String> set = new LinkedHashMap<>();
        List<String> unset = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key;
            try {
                key = ConfigKeys.check(e.getKey());
            } catch (UserError bad) {
                throw new ApiError(400, bad.getMessage());
            }
            if (e.getValue().isNull()) unset.add(key);
            else if (e.getValue().isTextual()) set.put(key, e.getValue().textValue());
            else throw new ApiError(400, "the value of " + key + " is not a string; quote it (\"" + e.getValue() + "\") or send null to unset it");
        }
        String action = "config:set " + name + " " + String.join(" ", set.keySet())
                + (unset.isEmpty() ? "" : " unset " + String.join(" ", unset)) + (restart ? "" : " --no-restart");
        try {
            Optional<Releases.Release> release = releaseSwitch.reconfigure(name, () -> {
                if (!set.isEmpty()) config.set(name, set);
                if (!unset.isEmpty()) config.unset(name, unset);
            }, restart, caller.who().user(), line -> { });
            audit(caller, action, name, "ok");
            return object("app", name, "release", release.map(r -> "v" + r.version()).orElse(null));
        } catch (SwitchFailure e) {
            audit(caller, action, name, "failed");
            throw new ApiError(502, e.getMessage() + "; the new config is saved, the running release keeps the old one."
                    + " Fix the app or the config, then restart it");
        }
    }

    private Map<String, Object> describe(Apps.App a) {
        return object("name", a.name(), "status", status.of(a),
                "release", a.currentRelease() == null ? null : "v" + a.currentRelease(), "url", routes.url(a.name()));
    }

    private Optional<Releases.Release> current(Apps.App app) {
        return releases.current(app);
    }

    private void audit(Caller caller, String action, String app, String outcome) {
        caller.audit(audit, action, app, outcome);
    }
}
