package hiy.commands;

import hiy.sshd.Identity;
import hiy.store.Access;
import hiy.store.Apps;

import java.util.List;

/** Who may use which app: admins every app, others the apps granted to them. To others an app does not exist. */
public final class AppAccess {
    private final Apps apps;
    private final Access access;
    private final String hostHint;

    public AppAccess(Apps apps, Access access, String hostHint) {
        this.apps = apps;
        this.access = access;
        this.hostHint = hostHint;
    }

    public boolean mayUse(Identity who, String app) {
        return access.mayUse(who, app);
    }

    public Apps.App visible(Identity who, String name) throws UserError {
        return apps.find(name).filter(a -> mayUse(who, a.name())).orElseThrow(() -> new UserError(
                "no app named " + name + "; list yours with: ssh " + hostHint + " apps"));
    }

    /** The one rule for admins' commands, over SSH and HTTP alike. */
    public static void requireAdmin(Identity who, String what) throws Refused {
        if (!who.admin()) throw new Refused(Refused.Why.NOT_ALLOWED, "only admins can " + what + "; ask an admin");
    }

    public List<Apps.App> visibleApps(Identity who) {
        return apps.all().stream().filter(a -> mayUse(who, a.name())).toList();
    }
}
