package hiy.sshd;

import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.Readable;
import org.apache.sshd.server.ServerFactoryManager;
import org.apache.sshd.server.session.ServerSessionImpl;
import org.apache.sshd.server.session.SessionFactory;

/**
 * MINA's server session, holding at most {@link #BUFFER_BEFORE_LOGIN} bytes of a client that has not logged in.
 * MINA takes packets of up to 256 KB at any time and keeps what arrived of one until it is complete: a hundred
 * clients that each send most of one and wait would hold 25 MB of a 64 MB heap. Nothing a client sends before
 * logging in (key exchange, a key and its signature) comes near the limit.
 */
final class DoorSession extends ServerSessionImpl {
    static final int BUFFER_BEFORE_LOGIN = 64 * 1024;

    static SessionFactory factory(ServerFactoryManager server) {
        return new SessionFactory(server) {
            @Override
            protected ServerSessionImpl doCreateSession(IoSession ioSession) throws Exception {
                return new DoorSession(getServer(), ioSession);
            }
        };
    }

    private DoorSession(ServerFactoryManager server, IoSession ioSession) throws Exception {
        super(server, ioSession);
    }

    @Override
    public void messageReceived(Readable buffer) throws Exception {
        if (!isAuthenticated() && decoderBuffer.available() + buffer.available() > BUFFER_BEFORE_LOGIN) {
            Refusals.log(this, null, null, null, "too-much-data-before-login");
            close(true);
            return;
        }
        super.messageReceived(buffer);
    }
}
