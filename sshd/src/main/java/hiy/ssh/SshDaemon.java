package hiy.ssh;

import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * HIY's SSH door: public-key auth only (keys from the store), exec commands through the dispatcher,
 * no shell programs, no forwarding, no subsystems (so no SFTP/SCP).
 */
public final class SshDaemon implements AutoCloseable {
    public static final AttributeRepository.AttributeKey<Identity> IDENTITY = new AttributeRepository.AttributeKey<>();
    /** Every push and command authenticates as this user name; who you are is your key. */
    public static final String SSH_USER = "hiy";
    private static final Logger LOG = LoggerFactory.getLogger(SshDaemon.class);
    /** Long builds stream output, but a quiet queue wait must not cut the push. */
    private static final Duration IDLE_TIMEOUT = Duration.ofHours(1);

    private final SshServer server;

    private SshDaemon(SshServer server) {
        this.server = server;
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
        server.setCommandFactory(dispatcher);
        server.setShellFactory(channel -> dispatcher.shell());
        CoreModuleProperties.IDLE_TIMEOUT.set(server, IDLE_TIMEOUT);
        CoreModuleProperties.SERVER_IDENTIFICATION.set(server, "HIY");
        try {
            server.start();
        } catch (BindException e) {
            throw new IOException("SSH port " + port + " is in use: stop what listens there or set HIY_SSH_PORT", e);
        }
        return new SshDaemon(server);
    }

    public int port() {
        return server.getPort();
    }

    private static PublickeyAuthenticator authenticator(KeyDirectory keys) {
        return (username, key, session) -> {
            String fingerprint = KeyUtils.getFingerPrint(key);
            Optional<Identity> who = keys.identify(key, fingerprint);
            if (who.isEmpty()) {
                LOG.info("refused unknown key {} for user {} from {}", fingerprint, username, session.getClientAddress());
                return false;
            }
            if (!SSH_USER.equals(username)) {
                LOG.info("refused key {} for user {}: the SSH user is always {}", fingerprint, username, SSH_USER);
                return false;
            }
            session.setAttribute(IDENTITY, who.get());
            return true;
        };
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
