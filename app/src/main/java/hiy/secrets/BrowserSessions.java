package hiy.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's one-time login links and the browser sessions they start, the SSH-first way: no passwords,
 * `ssh hiy@box dashboard` makes a link for the key's user. Both are 256 random bits, kept only as their SHA-256,
 * in memory: a restart of HIY logs every browser out (a new link is one ssh away). A link works once, within
 * {@link #LINK_TTL}; a session lasts {@link #SESSION_TTL} and carries its own CSRF token for state changes.
 */
public final class BrowserSessions {
    public static final Duration LINK_TTL = Duration.ofMinutes(5);
    /** The session cookie's name; the dashboard sets it, the API accepts it in place of a token. */
    public static final String COOKIE = "hiy_session";
    /** The header a page's script sends its session's CSRF token in, with every change it asks the API for. */
    public static final String CSRF_HEADER = "X-HIY-CSRF";
    /** Where a session's changes say they came from, in the audit log (where a key's fingerprint stands). */
    public static final String VIA = "via dashboard";
    public static final Duration SESSION_TTL = Duration.ofHours(12);
    /** Bounds memory whatever a logged-in user does: the oldest links and sessions go first. */
    static final int MAX_EACH = 1000;
    private static final int BYTES = 32;
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who a session is, and the token a form must send back with every change. */
    public record Session(String user, String csrf, Instant expires) { }

    private record Link(String user, Instant expires) { }

    private final Clock clock;
    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public BrowserSessions(Clock clock) {
        this.clock = clock;
    }

    /** A new one-time link secret for the user. */
    public String newLink(String user) {
        String secret = secret();
        prune(links, Link::expires);
        links.put(ApiToken.hash(secret), new Link(user, clock.instant().plus(LINK_TTL)));
        return secret;
    }

    /** Uses the link up: the new session's secret (the cookie's value) if it was good, unused and in time. */
    public Optional<String> redeem(String linkSecret) {
        if (!wellFormed(linkSecret)) return Optional.empty();
        Link link = links.remove(ApiToken.hash(linkSecret));
        if (link == null || !clock.instant().isBefore(link.expires())) return Optional.empty();
        String secret = secret();
        prune(sessions, Session::expires);
        sessions.put(ApiToken.hash(secret), new Session(link.user(), secret(), clock.instant().plus(SESSION_TTL)));
        return Optional.of(secret);
    }

    /** The live session a cookie's value names. */
    public Optional<Session> session(String cookie) {
        if (!wellFormed(cookie)) return Optional.empty();
        String key = ApiToken.hash(cookie);
        Session s = sessions.get(key);
        if (s == null) return Optional.empty();
        if (!clock.instant().isBefore(s.expires())) {
            sessions.remove(key);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** The session cookie's value among a request's Cookie headers (null: there is none). */
    public static String cookie(List<String> cookieHeaders) {
        if (cookieHeaders == null) return null;
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                String p = pair.strip();
                if (p.startsWith(COOKIE + "=")) return p.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }

    /** Whether what a request sent is the session's CSRF token (compared in constant time). */
    public static boolean csrfMatches(Session session, String sent) {
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                session.csrf().getBytes(StandardCharsets.UTF_8));
    }

    public void logout(String cookie) {
        if (wellFormed(cookie)) sessions.remove(ApiToken.hash(cookie));
    }

    /** Ends every session and unused link of the user (null: of everyone); how many sessions ended. */
    public int logoutAll(String user) {
        int before = sessions.size();
        sessions.values().removeIf(s -> user == null || s.user().equals(user));
        links.values().removeIf(l -> user == null || l.user().equals(user));
        return before - sessions.size();
    }

    private static boolean wellFormed(String text) {
        return text != null && SHAPE.matcher(text).matches();
    }

    private static String secret() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private <T> void prune(Map<String, T> map, java.util.function.Function<T, Instant> expires) {
        Instant now = clock.instant();
        map.values().removeIf(v -> !now.isBefore(expires.apply(v)));
        if (map.size() < MAX_EACH) return;
        Iterator<Map.Entry<String, T>> oldest = map.entrySet().stream()
                .sorted(Map.Entry.comparingByValue((a, b) -> expires.apply(a).compareTo(expires.apply(b))))
                .limit(map.size() - MAX_EACH + 1).toList().iterator();
        while (oldest.hasNext()) map.remove(oldest.next().getKey());
    }
}
