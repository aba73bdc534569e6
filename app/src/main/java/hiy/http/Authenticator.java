package hiy.http;

import com.sun.net.httpserver.Headers;
import hiy.secrets.ApiToken;
import hiy.secrets.BrowserSessions;
import hiy.sshd.Identity;
import hiy.store.Tokens;
import hiy.store.Users;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a request's {@code Authorization: Bearer TOKEN}, or the dashboard's session cookie, into a {@link Caller}, or
 * refuses it with 401. A session's changes need its CSRF token in a header, which a page's own script sends and
 * another site's cannot (no CORS here), besides the cookie's SameSite=Strict.
 */
final class Authenticator {
    private static final String BEARER = "bearer ";
    private static final String BASIC = "basic ";

    private final Tokens tokens;
    private final Users users;
    private final BrowserSessions sessions;
    private final String sshHint;

    Authenticator(Tokens tokens, Users users, BrowserSessions sessions, String sshHint) {
        this.tokens = tokens;
        this.users = users;
        this.sessions = sessions;
        this.sshHint = sshHint;
    }

    private String makeOne() {
        return "make a token with: ssh " + sshHint + " tokens:create NAME, and send it as the header 'Authorization: Bearer TOKEN'";
    }

    /** A token's caller, else (no Authorization header) a dashboard session's; a session's change needs its CSRF token. */
    Caller authenticate(Headers headers, String method, String client) throws ApiError {
        String cookie = BrowserSessions.cookie(headers.get("Cookie"));
        if (headers.containsKey("Authorization") || cookie == null) return authenticate(headers.get("Authorization"), client);
        String login = "log in again: ssh " + sshHint + " dashboard";
        BrowserSessions.Session session = sessions.session(cookie).orElseThrow(() ->
                new ApiError(401, "your dashboard session has ended; " + login));
        Users.User user = users.user(session.user()).orElseThrow(() ->
                new ApiError(401, "the user of this dashboard session no longer exists; " + login));
        if (!method.equals("GET") && !method.equals("HEAD")
                && !BrowserSessions.csrfMatches(session, headers.getFirst(BrowserSessions.CSRF_HEADER))) {
            throw new ApiError(403, "this change did not come from your dashboard page (its " + BrowserSessions.CSRF_HEADER
                    + " header is missing or stale); reload the page and try again");
        }
        return new Caller(new Identity(user.name(), user.admin(), BrowserSessions.VIA), null, client, sshHint);
    }

    Caller authenticate(List<String> authorization, String client) throws ApiError {
        if (authorization == null || authorization.isEmpty()) {
            throw new ApiError(401, "this needs an API token: " + makeOne());
        }
        if (authorization.size() > 1) throw new ApiError(400, "send one Authorization header, not " + authorization.size());
        String token = bearer(authorization.get(0)).orElseThrow(() ->
                new ApiError(401, "the Authorization header holds no HIY token (hiy_ and 43 characters): " + makeOne()));
        return caller(token, null, client);
    }

    /** For git: Basic with the user's name and a token as the password, as git's credential prompt sends them. */
    Caller authenticateBasic(List<String> authorization, String client) throws ApiError {
        String gitHint = "git asks for a user name and password: give your HIY user name and a token (make one with: ssh "
                + sshHint + " tokens:create NAME)";
        if (authorization == null || authorization.size() != 1) throw new ApiError(401, gitHint);
        String[] userAndToken = basic(authorization.get(0)).orElseThrow(() -> new ApiError(401, gitHint));
        if (!ApiToken.wellFormed(userAndToken[1])) throw new ApiError(401, "the password is not an HIY token; " + gitHint);
        return caller(userAndToken[1], userAndToken[0], client);
    }

    /** The token's caller; with user, only if the token is that user's. */
    private Caller caller(String token, String user, String client) throws ApiError {
        Tokens.Token t = tokens.use(ApiToken.hash(token)).filter(found -> user == null || found.user().equals(user))
                .orElseThrow(() -> new ApiError(401, "this token is unknown, was revoked, or is not "
                        + (user == null ? "yours" : user + "'s") + "; list yours with: ssh " + sshHint + " tokens, or " + makeOne()));
        Users.User owner = users.user(t.user()).orElseThrow(() -> new ApiError(401,
                "the user of this token no longer exists; " + makeOne()));
        return new Caller(new Identity(owner.name(), owner.admin(), "via token " + t.name()), t, client, sshHint);
    }

    /** {user, password} from a header value "Basic base64(user:password)". */
    static Optional<String[]> basic(String header) {
        if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(BASIC) || header.length() > 1024) return Optional.empty();
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon <= 0 ? Optional.empty() : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The token in a header value "Bearer TOKEN" (the scheme in any case), if it has the shape of one HIY makes. */
    static Optional<String> bearer(String header) {
        if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(BEARER)) return Optional.empty();
        String token = header.substring(BEARER.length()).strip();
        return ApiToken.wellFormed(token) ? Optional.of(token) : Optional.empty();
    }
}
