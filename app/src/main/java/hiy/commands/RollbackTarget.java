package hiy.commands;

import hiy.sshd.HostHint;
import hiy.store.Apps;
import hiy.store.Releases;

/** Which release a rollback runs again, the same for `ssh rollback` and the API's POST …/rollback. */
public final class RollbackTarget {
    private RollbackTarget() { }

    /** The app's current release, the one a rollback leaves; an app never deployed has none to leave. */
    public static Releases.Release current(Releases releases, HostHint hint, Apps.App app) throws Refused {
        return releases.current(app).orElseThrow(() -> new Refused(Refused.Why.CONFLICT,
                Releases.noneYet(app.name(), Releasing.pushCommand(hint, app.name()))));
    }

    /** "v3" or "3" as a release's version, as the user writes it. */
    public static int version(String text) throws Refused {
        try {
            return Releasing.version(text);
        } catch (UserError e) {
            throw new Refused(Refused.Why.INVALID, e.getMessage());
        }
    }

    /** version: the release asked for, or null for the last one before the current one that was live. */
    public static Releases.Release choose(Releases releases, HostHint hint, String app, Releases.Release current,
                                          Integer version) throws Refused {
        return version == null ? previousLive(releases, hint, app, current)
                : chosen(releases, hint, app, current, version);
    }

    /** Retired means it was live once and was replaced: the one release a bare rollback can trust. */
    private static Releases.Release previousLive(Releases releases, HostHint hint, String app, Releases.Release current)
            throws Refused {
        return releases.of(app).stream()
                .filter(r -> r.version() < current.version() && r.status() == Releases.Status.RETIRED)
                .findFirst().orElseThrow(() -> new Refused(Refused.Why.CONFLICT, app + " has no earlier release that was"
                        + " live; see: ssh " + hint.ssh() + " releases " + app));
    }

    private static Releases.Release chosen(Releases releases, HostHint hostHint, String app, Releases.Release current,
                                           int v) throws Refused {
        String hint = hostHint.ssh();
        Releases.Release r = releases.find(app, v).orElseThrow(() -> new Refused(Refused.Why.NOT_FOUND,
                "there is no release v" + v + " of " + app + "; see them with: ssh " + hint + " releases " + app));
        if (v == current.version()) {
            throw new Refused(Refused.Why.CONFLICT, "v" + v + " is already the current release of " + app
                    + "; to run it in a fresh container: ssh " + hint + " restart " + app);
        }
        if (r.status() != Releases.Status.RETIRED) {
            throw new Refused(Refused.Why.CONFLICT, "v" + v + " never went live (" + r.status().name().toLowerCase()
                    + "), so " + app + " cannot roll back to it; pick one marked retired in: ssh " + hint + " releases " + app);
        }
        return r;
    }
}
