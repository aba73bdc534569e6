package hiy.model;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A URL's raw query as name → value, decoded (the last of a name wins; a name without '=' has ""). */
public final class QueryString {
    private QueryString() { }

    /** A pair whose %-escapes are broken. */
    public static final class Malformed extends IllegalArgumentException {
        private final String pair;

        Malformed(String pair, IllegalArgumentException cause) {
            super(cause.getMessage(), cause);
            this.pair = pair;
        }

        public String pair() {
            return pair;
        }
    }

    /** raw: null or empty for none. */
    public static Map<String, String> parse(String raw) throws Malformed {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return params;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            try {
                params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new Malformed(pair, e);
            }
        }
        return params;
    }
}
