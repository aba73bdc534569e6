package hiy.routing;

import java.util.regex.Pattern;

/** Which host names can never get a public certificate and so are served over plain HTTP and Caddy's own CA. */
public final class HostNames {
    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

    private HostNames() { }

    public static boolean isLocal(String host) {
        String h = host.toLowerCase();
        return h.equals("localhost") || h.endsWith(".localhost") || h.endsWith(".test") || h.endsWith(".local")
                || h.endsWith(".internal") || IPV4.matcher(h).matches() || h.contains(":");
    }
}
