package hiy.sshd;

import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.ServiceFactory;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.session.ServerUserAuthService;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * MINA's user authentication, with one {@link Refusals} line for every failed attempt, whatever its method: MINA
 * answers password, keyboard-interactive and none attempts without a word in the log.
 */
final class LoggedUserAuthService extends ServerUserAuthService {
    /**
     * One per connection: MINA would start the service again on every request for it, and each start resets the
     * auth timeout and the count of attempts, so a client could stay unauthenticated and guess for ever.
     */
    static final ServiceFactory FACTORY = new ServiceFactory() {
        @Override public String getName() { return "ssh-userauth"; }

        @Override
        public Service create(Session session) throws IOException {
            if (session.setAttribute(STARTED, Boolean.TRUE) != null) {
                Refusals.log(session, null, null, null, "userauth-restarted");
                throw new SshException("ssh-userauth was requested twice");
            }
            return new LoggedUserAuthService(session);
        }
    };

    private static final AttributeRepository.AttributeKey<Boolean> STARTED = new AttributeRepository.AttributeKey<>();

    /** Why the key authenticator refused the key of the current attempt; none when it accepted it. */
    record KeyRefusal(String fingerprint, String reason) { }

    static final AttributeRepository.AttributeKey<KeyRefusal> KEY_REFUSAL = new AttributeRepository.AttributeKey<>();

    private String user;
    private String method;

    private LoggedUserAuthService(Session session) throws IOException {
        super(session);
    }

    @Override
    protected boolean handleUserAuthRequestMessage(ServerSession session, Buffer buffer, AtomicReference<Boolean> authHolder)
            throws Exception {
        int start = buffer.rpos();
        user = buffer.getString();
        buffer.getString();
        method = buffer.getString();
        buffer.rpos(start);
        session.removeAttribute(KEY_REFUSAL);
        return super.handleUserAuthRequestMessage(session, buffer, authHolder);
    }

    @Override
    protected void handleAuthenticationFailure(int cmd, Buffer buffer) throws Exception {
        ServerSession session = getServerSession();
        if (!"publickey".equals(method)) {
            Refusals.log(session, method, user, null, "only-publickey");
        } else {
            KeyRefusal refusal = session.removeAttribute(KEY_REFUSAL);
            Refusals.log(session, method, user, refusal == null ? null : refusal.fingerprint(),
                    refusal == null ? "bad-signature-or-key-type" : refusal.reason());
        }
        super.handleAuthenticationFailure(cmd, buffer);
    }
}
