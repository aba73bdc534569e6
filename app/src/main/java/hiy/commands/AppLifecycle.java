package hiy.commands;

import hiy.release.ReleaseSwitch;
import hiy.release.SwitchFailure;
import hiy.release.Teardown;
import hiy.repos.AppRepositories;
import hiy.runtime.ContainerRuntime;
import hiy.sshd.Identity;
import hiy.store.Apps;

import java.io.IOException;

/** Making and deleting an app, the same for apps:create and apps:destroy over SSH and the API's POST and DELETE. */
public final class AppLifecycle {
    private final Apps apps;
    private final AppAccess appAccess;
    private final AppRepositories repositories;
    private final ReleaseSwitch releaseSwitch;
    private final ContainerRuntime runtime;

    public AppLifecycle(Apps apps, AppAccess appAccess, AppRepositories repositories, ReleaseSwitch releaseSwitch,
                        ContainerRuntime runtime) {
        this.apps = apps;
        this.appAccess = appAccess;
        this.repositories = repositories;
        this.releaseSwitch = releaseSwitch;
        this.runtime = runtime;
    }

    /** An empty app with its repository and route, for an admin; a first push by an admin makes one too. */
    public void create(Identity who, String name) throws Refused {
        AppAccess.requireAdmin(who, "create apps");
        if (apps.find(name).isPresent()) throw new Refused(Refused.Why.CONFLICT, "an app named " + name + " exists already");
        try {
            repositories.create(name, who.user());
        } catch (IllegalArgumentException e) {
            throw new Refused(Refused.Why.INVALID, e.getMessage());
        }
    }

    /**
     * The app checked for destroying: an admin's, one the caller can see, and named a second time by confirm
     * (nothing is deleted without it). retry says how to confirm at this door, volumesOption how to ask for the
     * volumes too.
     */
    public Apps.App checkDestroy(Identity who, String name, String confirm, boolean volumes, String retry,
                                 String volumesOption) throws UserError {
        AppAccess.requireAdmin(who, "destroy apps");
        Apps.App app = appAccess.visible(who, name);
        if (!name.equals(confirm)) {
            throw new Refused(Refused.Why.INVALID, "this deletes " + name + " and all its data for good (containers,"
                    + " images, repository, config, domains, history)" + volumeNote(name, volumes, volumesOption)
                    + "; to go ahead " + retry);
        }
        return app;
    }

    /** Its containers, route, images, config and history, then its repository; its volumes too with volumes. */
    public Teardown.Destroyed destroy(Apps.App app, boolean volumes) throws Refused, IOException {
        Teardown.Destroyed gone;
        try {
            gone = releaseSwitch.destroy(app.name(), volumes);
        } catch (SwitchFailure e) {
            throw new Refused(Refused.Why.CONFLICT, "could not destroy " + app.name() + ": " + e.getMessage() + "; run it again");
        }
        repositories.deleteRepo(app.name());
        return gone;
    }

    private String volumeNote(String name, boolean volumes, String volumesOption) {
        var names = runtime.volumesOf(name);
        if (names.isEmpty()) return "";
        String list = String.join(", ", names);
        return volumes ? ", and its volume(s) " + list + " with all their files"
                : "; its volume(s) " + list + " are kept with their files (add --volumes to delete them too)";
    }
}
