package hiy.sshd;

import org.apache.sshd.common.Service;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionDisconnectHandler;
import org.apache.sshd.common.session.helpers.TimeoutIndicator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Every refusal at the door is one log line of the same shape, so a tool such as fail2ban can count them by address:
 * {@code ssh auth refused: method=M user=U key=K from=IP:PORT reason=R} (IPv6 as {@code [IP]:PORT}; {@code -} for a
 * field that does not apply; every value is one word). Also MINA's own disconnects of clients that never logged in.
 */
final class Refusals implements SessionDisconnectHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);
    private static final int MAX_FIELD = 64;

    static void log(Session session, String method, String user, String key, String reason) {
        LOG.info("ssh auth refused: method={} user={} key={} from={} reason={}", word(method), word(user), word(key),
                address(session.getIoSession().getRemoteAddress()), reason);
    }

    /** A client's address as IP:PORT, never a host name (no lookup, and nothing the client chose). */
    static String address(SocketAddress address) {
        if (!(address instanceof InetSocketAddress inet) || inet.getAddress() == null) return word(String.valueOf(address));
        String ip = inet.getAddress().getHostAddress();
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + inet.getPort();
    }

    /** What the client sent, made one harmless word: no spaces, control characters or escapes reach the log. */
    private static String word(String value) {
        if (value == null || value.isEmpty()) return "-";
        String cut = value.length() > MAX_FIELD ? value.substring(0, MAX_FIELD) : value;
        return cut.replaceAll("[^A-Za-z0-9._@+/:=-]", "?");
    }

    @Override
    public boolean handleTimeoutDisconnectReason(Session session, TimeoutIndicator timeout) {
        if (timeout.getStatus() == TimeoutIndicator.TimeoutStatus.AuthTimeout) {
            log(session, null, session.getUsername(), null, "auth-timeout");
        }
        return false;
    }

    @Override
    public boolean handleAuthCountDisconnectReason(Session session, Service service, String serviceName, String method,
                                                   String user, int count, int max) {
        log(session, method, user, null, "too-many-attempts");
        return false;
    }

    @Override
    public boolean handleAuthParamsDisconnectReason(Session session, Service service, String authUser, String user,
                                                    String authService, String serviceName) {
        log(session, null, user, null, "user-changed");
        return false;
    }
}
