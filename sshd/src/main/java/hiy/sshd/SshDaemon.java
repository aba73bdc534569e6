package hiy.sshd;

import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerConnectionServiceFactory;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * HIY's SSH door: public-key auth only (keys from the store), exec commands through the dispatcher,
 * no shell programs, no forwarding, no subsystems (so no SFTP/SCP). Sessions that have not logged in are bounded
 * in number ({@link UnauthenticatedSessions}), time ({@link #AUTH_TIMEOUT}) and memory ({@link DoorSession}); every
 * refusal is logged ({@link Refusals}).
 */
public final class SshDaemon implements OpenSessions, AutoCloseable {
    public static final AttributeRepository.AttributeKey<Identity> IDENTITY = new AttributeRepository.AttributeKey<>();
    /** Set on a session whose rights were taken away: it may run no more commands. */
    static final AttributeRepository.AttributeKey<String> ENDED = new AttributeRepository.AttributeKey<>();
    /** Every push and command authenticates as this user name; who you are is your key. */
    public static final String SSH_USER = "hiy";
    /** Long builds stream output, but a quiet queue wait must not cut the push. */
    private static final Duration IDLE_TIMEOUT = Duration.ofHours(1);
    /**
     * MINA counts it twice: from the connection to the end of the key exchange, then again to the login; a client
     * that does not log in is closed within twice this. A person typing a key's passphrase needs the second one.
     */
    static final Duration AUTH_TIMEOUT = Duration.ofSeconds(30);

    private final SshServer server;
    private final SessionResults results;

    private SshDaemon(SshServer server, SessionResults results) {
        this.server = server;
        this.results = results;
    }

    public static SshDaemon start(int port, Path hostKeyFile, KeyDirectory keys, CommandDispatcher dispatcher)
            throws IOException {
        SshServer server = SshServer.setUpDefaultServer();
        server.setPort(port);
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(hostKeyFile);
        hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        hostKeys.setKeySize(256);
        server.setKeyPairProvider(hostKeys);
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setPublickeyAuthenticator(authenticator(keys));
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        server.setAgentFactory(null);
        server.setSubsystemFactories(List.of());
        server.setSessionFactory(DoorSession.factory(server));
        server.setServiceFactories(List.of(LoggedUserAuthService.FACTORY, ServerConnectionServiceFactory.INSTANCE));
        server.setSessionDisconnectHandler(new Refusals());
        server.addSessionListener(new UnauthenticatedSessions());
        SessionResults results = new SessionResults();
        server.addSessionListener(results);
        CoreModuleProperties.AUTH_TIMEOUT.set(server, AUTH_TIMEOUT);
        server.setCommandFactory(dispatcher);
        server.setShellFactory(channel -> dispatcher.shell());
        CoreModuleProperties.IDLE_TIMEOUT.set(server, IDLE_TIMEOUT);
        CoreModuleProperties.SERVER_IDENTIFICATION.set(server, "HIY");
        try {
            server.start();
        } catch (BindException e) {
            throw new IOException("SSH port " + port + " is in use: stop what listens there or set HIY_SSH_PORT", e);
        }
        return new SshDaemon(server, results);
    }

    public int port() {
        return server.getPort();
    }

    private static PublickeyAuthenticator authenticator(KeyDirectory keys) {
        return (username, key, session) -> {
            String fingerprint = KeyUtils.getFingerPrint(key);
            Optional<Identity> who = keys.identify(key, fingerprint);
            String refusal = who.isEmpty() ? "unknown-key" : SSH_USER.equals(username) ? null : "wrong-user";
            if (refusal != null) {
                session.setAttribute(SessionResults.KEY_REFUSED, Boolean.TRUE);
                session.setAttribute(LoggedUserAuthService.KEY_REFUSAL, new LoggedUserAuthService.KeyRefusal(fingerprint, refusal));
                return false;
            }
            session.setAttribute(IDENTITY, who.get());
            return true;
        };
    }

    @Override
    public int end(Predicate<Identity> whose, Identity caller, String why) {
        int ended = 0;
        for (AbstractSession session : server.getActiveSessions()) {
            Identity who = session.getAttribute(IDENTITY);
            if (who == null || !whose.test(who)) continue;
            session.setAttribute(ENDED, why);
            ended++;
            // The very object the caller's session holds: another session of the same key must end too.
            if (who == caller) continue;
            try {
                session.disconnect(SshConstants.SSH2_DISCONNECT_BY_APPLICATION, why);
            } catch (IOException e) {
                session.close(true);
            }
        }
        return ended;
    }

    @Override
    public Map<String, Long> sessionsByResult() {
        return results.counts();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
