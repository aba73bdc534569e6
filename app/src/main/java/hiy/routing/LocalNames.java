package hiy.routing;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Host names no public CA will certify. Caddy's internal CA signs them instead, and they stay reachable over plain
 * HTTP too, since a browser does not trust that CA until the user installs it.
 */
public final class LocalNames {
    private static final List<String> LOCAL_SUFFIXES = List.of(".localhost", ".test", ".local", ".internal");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private LocalNames() {
    }

    public static boolean isLocal(String host) {
        String name = normalize(host);
        return name.equals("localhost")
                || LOCAL_SUFFIXES.stream().anyMatch(name::endsWith)
                || IPV4.matcher(name).matches()
                || name.contains(":");
    }

    /** Lower case, without the trailing dot of a fully qualified name or the brackets of an IPv6 literal. */
    static String normalize(String host) {
        String name = host.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
