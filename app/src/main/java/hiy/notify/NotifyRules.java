package hiy.notify;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Which notification URLs, kinds and events HIY takes, each refusal saying what to write instead. */
public final class NotifyRules {
    public static final List<String> EVENTS = List.of("deploy", "fail", "crash", "rollback");
    public static final String SLACK = "slack";
    public static final String NTFY = "ntfy";

    private NotifyRules() { }

    /**
     * An http:// or https:// URL with a host. Anyone may use https://; http:// reaches what HIY itself can reach
     * (a loopback service such as Caddy's admin endpoint), so only admins may, as for webhook repositories.
     */
    public static String checkUrl(String url, boolean admin) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new IllegalArgumentException("\"" + url + "\" is not a URL; give an ntfy topic such as"
                    + " https://ntfy.sh/my-topic or a Slack incoming webhook such as https://hooks.slack.com/services/…");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new IllegalArgumentException("\"" + url + "\" is not an http:// or https:// URL; HIY posts"
                    + " notifications over HTTP only: give e.g. https://ntfy.sh/my-topic");
        }
        if (scheme.equals("http") && !admin) {
            throw new IllegalArgumentException("only admins may use an http:// URL (it reaches what HIY can reach on"
                    + " its own network); use the https:// one");
        }
        return url;
    }

    /** The kind asked for, or told by the URL: Slack's own host and /hooks/ or /services/ paths are Slack-compatible. */
    public static String kind(String asked, String url) {
        if (asked != null) {
            String k = asked.toLowerCase(Locale.ROOT);
            if (!k.equals(SLACK) && !k.equals(NTFY)) {
                throw new IllegalArgumentException("\"" + asked + "\" is not a kind of notification; use slack (JSON"
                        + " {\"text\": …}, for Slack, Mattermost, Rocket.Chat …) or ntfy (plain text with a Title)");
            }
            return k;
        }
        URI uri = URI.create(url);
        String path = uri.getPath() == null ? "" : uri.getPath();
        return uri.getHost().endsWith("slack.com") || path.contains("/hooks/") || path.contains("/services/") ? SLACK : NTFY;
    }

    /** "deploy,fail" → [deploy, fail]; null: every event. */
    public static List<String> events(String list) {
        if (list == null) return EVENTS;
        List<String> events = new ArrayList<>();
        for (String e : list.split(",")) {
            String event = e.strip().toLowerCase(Locale.ROOT);
            if (!EVENTS.contains(event)) {
                throw new IllegalArgumentException("\"" + e.strip() + "\" is not an event; choose from "
                        + String.join(",", EVENTS));
            }
            if (!events.contains(event)) events.add(event);
        }
        return events;
    }

    /** What `notify` shows of the URL: scheme and host, never the path (a topic or webhook path is the secret). */
    public static String hint(String url) {
        URI uri = URI.create(url);
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/…";
    }
}
