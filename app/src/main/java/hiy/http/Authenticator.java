package hiy.http;

import hiy.secrets.ApiToken;
import hiy.ssh.Identity;
import hiy.store.Tokens;
import hiy.store.Users;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Turns a request's {@code Authorization: Bearer TOKEN} into a {@link Caller}, or refuses it with 401. */
final class Authenticator {
    private static final String BEARER = "bearer ";

    private final Tokens tokens;
    private final Users users;
    private final String sshHint;

    Authenticator(Tokens tokens, Users users, String sshHint) {
        this.tokens = tokens;
        this.users = users;
        this.sshHint = sshHint;
    }

    private String makeOne() {
        return "make a token with: ssh " + sshHint + " tokens:create NAME, and send it as the header 'Authorization: Bearer TOKEN'";
    }

    Caller authenticate(List<String> authorization, String client) throws ApiError {
        if (authorization == null || authorization.isEmpty()) {
            throw new ApiError(401, "this needs an API token: " + makeOne());
        }
        if (authorization.size() > 1) throw new ApiError(400, "send one Authorization header, not " + authorization.size());
        String token = bearer(authorization.get(0)).orElseThrow(() ->
                new ApiError(401, "the Authorization header holds no HIY token (hiy_ and 43 characters): " + makeOne()));
        Tokens.Token t = tokens.use(ApiToken.hash(token)).orElseThrow(() -> new ApiError(401,
                "this token is unknown or was revoked; list yours with: ssh " + sshHint + " tokens, or " + makeOne()));
        Users.User user = users.user(t.user()).orElseThrow(() -> new ApiError(401,
                "the user of this token no longer exists; " + makeOne()));
        return new Caller(new Identity(user.name(), user.admin(), "via token " + t.name()), t, client, sshHint);
    }

    /** The token in a header value "Bearer TOKEN" (the scheme in any case), if it has the shape of one HIY makes. */
    static Optional<String> bearer(String header) {
        if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(BEARER)) return Optional.empty();
        String token = header.substring(BEARER.length()).strip();
        return ApiToken.wellFormed(token) ? Optional.of(token) : Optional.empty();
    }
}
