package hiy.commands;

import hiy.release.SwitchFailure;
import hiy.release.Teardown;
import hiy.sshd.Identity;
import hiy.store.Apps;

import java.io.IOException;

/** Making and deleting an app, the same for apps:create and apps:destroy over SSH and the API's POST and DELETE. */
public final class AppLifecycle {
    private AppLifecycle() { }

    /** An empty app with its repository and route, for an admin; a first push by an admin makes one too. */
    public static void create(Services hiy, Identity who, String name) throws Refused {
        AppAccess.requireAdmin(who, "create apps");
        if (hiy.apps().find(name).isPresent()) throw new Refused(Refused.Why.CONFLICT, "an app named " + name + " exists already");
        try {
            hiy.repositories().create(name, who.user());
        } catch (IllegalArgumentException e) {
            throw new Refused(Refused.Why.INVALID, e.getMessage());
        }
    }

    /**
     * The app checked for destroying: an admin's, one the caller can see, and named a second time by confirm
     * (nothing is deleted without it). retry says how to confirm at this door, volumesOption how to ask for the
     * volumes too.
     */
    public static Apps.App checkDestroy(Services hiy, Identity who, String name, String confirm, boolean volumes,
                                        String retry, String volumesOption) throws UserError {
        AppAccess.requireAdmin(who, "destroy apps");
        Apps.App app = hiy.appAccess().visible(who, name);
        if (!name.equals(confirm)) {
            throw new Refused(Refused.Why.INVALID, "this deletes " + name + " and all its data for good (containers,"
                    + " images, repository, config, domains, history)" + volumeNote(hiy, name, volumes, volumesOption)
                    + "; to go ahead " + retry);
        }
        return app;
    }

    /** Its containers, route, images, config and history, then its repository; its volumes too with volumes. */
    public static Teardown.Destroyed destroy(Services hiy, Apps.App app, boolean volumes) throws Refused, IOException {
        Teardown.Destroyed gone;
        try {
            gone = hiy.releaseSwitch().destroy(app.name(), volumes);
        } catch (SwitchFailure e) {
            throw new Refused(Refused.Why.CONFLICT, "could not destroy " + app.name() + ": " + e.getMessage() + "; run it again");
        }
        hiy.repositories().deleteRepo(app.name());
        return gone;
    }

    private static String volumeNote(Services hiy, String name, boolean volumes, String volumesOption) {
        var names = hiy.runtime().volumesOf(name);
        if (names.isEmpty()) return "";
        String list = String.join(", ", names);
        return volumes ? ", and its volume(s) " + list + " with all their files"
                : "; its volume(s) " + list + " are kept with their files (add --volumes to delete them too)";
    }
}
