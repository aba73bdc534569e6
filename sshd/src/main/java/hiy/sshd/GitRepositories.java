package hiy.sshd;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;

/** Where apps' bare repositories live and who may reach them. */
public interface GitRepositories {
    /**
     * The repository to push to; an admin's first push to a new name creates the app. A refused push is recorded
     * with the client's address like any other.
     */
    Repository forPush(Identity who, String app, String clientAddress) throws GitAccessDenied;

    Repository forFetch(Identity who, String app) throws GitAccessDenied;

    /** The largest pack one push may send (HIY_MAX_PUSH_MB); a larger push is refused while it arrives. */
    long maxPushBytes();

    /** Installs the hooks that run around this receive (checks, enqueueing the build, streaming progress). */
    void prepare(ReceivePack pack, Identity who, String app, String clientAddress);
}
