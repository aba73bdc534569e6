package hiy.sshd;

import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How the door's sessions went since HIY started, for hiy_ssh_sessions_total: {@code ok} logged in, {@code refused}
 * offered only keys HIY does not know (or the wrong user name), {@code no_login} ended before trying a key (a scan,
 * the login timeout, a flood cut off).
 */
final class SessionResults implements SessionListener {
    static final AttributeRepository.AttributeKey<Boolean> KEY_REFUSED = new AttributeRepository.AttributeKey<>();

    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong noLogin = new AtomicLong();

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event == Event.Authenticated) ok.incrementAndGet();
    }

    @Override
    public void sessionClosed(Session session) {
        if (session.isAuthenticated()) return;
        (Boolean.TRUE.equals(session.getAttribute(KEY_REFUSED)) ? refused : noLogin).incrementAndGet();
    }

    Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("ok", ok.get());
        counts.put("refused", refused.get());
        counts.put("no_login", noLogin.get());
        return counts;
    }
}
