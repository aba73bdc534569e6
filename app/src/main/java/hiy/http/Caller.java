package hiy.http;

import hiy.commands.AppAccess;
import hiy.commands.UserError;
import hiy.sshd.Identity;
import hiy.store.Apps;
import hiy.store.Audit;
import hiy.store.Tokens;

import java.util.List;

/**
 * Who sent a request: the token's user with their rights as they are now (the SSH rule, {@link AppAccess}), narrowed as
 * the token says: to one app, and to reading. A dashboard session has no token (null): its user's rights, unnarrowed.
 */
record Caller(Identity who, Tokens.Token token, String client, String sshHint) {
    /** The app if the user may use it (else, as over SSH, it does not exist) and the token reaches it for this use. */
    Apps.App app(AppAccess access, String name, boolean changes) throws ApiError {
        Apps.App app;
        try {
            app = access.visible(who, name);
        } catch (UserError e) {
            throw new ApiError(404, e.getMessage());
        }
        narrowTo(name, changes);
        return app;
    }

    /** What the token itself allows, whatever its user may: refused with 403 outside its app, or a change when read-only. */
    void narrowTo(String name, boolean changes) throws ApiError {
        if (!reaches(name)) {
            throw new ApiError(403, "token " + token.name() + " is limited to the app " + token.app()
                    + "; make one for " + name + ": ssh " + sshHint + " tokens:create NAME --app " + name);
        }
        if (changes && readOnly()) {
            throw new ApiError(403, "token " + token.name() + " is read-only; make one that may change " + name
                    + ": ssh " + sshHint + " tokens:create NAME --app " + name);
        }
    }

    List<Apps.App> visibleApps(AppAccess access) {
        return access.visibleApps(who).stream().filter(a -> reaches(a.name())).toList();
    }

    /** An audit entry as SSH writes one, with "via token NAME" where a key's fingerprint stands and the client address. */
    void audit(Audit audit, String action, String app, String outcome) {
        audit.record(who.user(), who.fingerprint(), client, action, app, outcome);
    }

    boolean readOnly() {
        return token != null && token.readOnly();
    }

    private boolean reaches(String app) {
        return token == null || token.app() == null || token.app().equals(app);
    }
}
