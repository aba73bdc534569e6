package hiy.http;

import hiy.commands.AppAccess;
import hiy.commands.Refused;
import hiy.commands.RollbackTarget;
import hiy.release.ReleaseSwitch;
import hiy.release.SwitchFailure;
import hiy.routing.RouteTable;
import hiy.secrets.Redactor;
import hiy.sshd.HostHint;
import hiy.store.Apps;
import hiy.store.Audit;
import hiy.store.ConfigVars;
import hiy.store.Releases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static hiy.http.Exchanges.object;

/** An app's releases and going back to one, as `releases` and `rollback` (the same target rule, the same health gate). */
final class ReleasesApi {
    private final AppAccess appAccess;
    private final Releases releases;
    private final HostHint hostHint;
    private final ConfigVars config;
    private final ReleaseSwitch releaseSwitch;
    private final Audit audit;
    private final RouteTable routes;

    ReleasesApi(AppAccess appAccess, Releases releases, HostHint hostHint, ConfigVars config,
                ReleaseSwitch releaseSwitch, Audit audit, RouteTable routes) {
        this.appAccess = appAccess;
        this.releases = releases;
        this.hostHint = hostHint;
        this.config = config;
        this.releaseSwitch = releaseSwitch;
        this.audit = audit;
        this.routes = routes;
    }

    /** Newest first, as `releases`. */
    Map<String, Object> list(Caller caller, String name) throws ApiError {
        Apps.App app = caller.app(appAccess, name, false);
        List<Map<String, Object>> shown = new ArrayList<>();
        for (Releases.Release r : releases.of(name)) {
            shown.add(object("version", "v" + r.version(), "commit", r.sha(), "kind", r.kind(),
                    "status", r.status().name().toLowerCase(Locale.ROOT), "current", Integer.valueOf(r.version()).equals(app.currentRelease()),
                    "by", r.createdBy(), "created_at", Instant.ofEpochMilli(r.createdAt()).toString()));
        }
        return object("app", name, "releases", shown);
    }

    /**
     * Runs an earlier release again as a new one, through the health gate, and answers once it serves (or 502 and
     * the current one keeps serving). release: "v3", or null for the last one before the current one that was live.
     */
    Map<String, Object> rollback(Caller caller, String name, String release) throws ApiError {
        Apps.App app = caller.app(appAccess, name, true);
        Releases.Release current;
        Releases.Release to;
        try {
            current = RollbackTarget.current(releases, hostHint, app);
            to = RollbackTarget.choose(releases, hostHint, name, current, release == null ? null : RollbackTarget.version(release));
        } catch (Refused e) {
            throw ApiError.of(e);
        }
        String action = "rollback " + name + " v" + to.version();
        List<String> log = new ArrayList<>();
        Redactor redactor = Redactor.of(config.of(name).values());
        try {
            Releases.Release made = releaseSwitch.rollback(name, to.version(), caller.who().user(),
                    line -> log.add(redactor.redact(line)));
            caller.audit(audit, action, name, "ok");
            return object("app", name, "release", "v" + made.version(), "rollback_of", "v" + to.version(),
                    "url", routes.url(name), "log", log);
        } catch (SwitchFailure e) {
            caller.audit(audit, action, name, "failed");
            throw new ApiError(502, e.getMessage() + "; v" + current.version() + " is still the current release;"
                    + " pick another from GET /api/apps/" + name + "/releases");
        }
    }
}
