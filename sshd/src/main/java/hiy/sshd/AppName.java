package hiy.sshd;

import java.util.List;
import java.util.regex.Pattern;

/** App names are lowercase DNS labels, so that APP.domain is a valid host name and repos/APP.git a safe path. */
public final class AppName {
    public static final Pattern RULE = Pattern.compile("^[a-z][a-z0-9-]{0,29}$");
    public static final String RULE_TEXT =
            "an app name is 1 to 30 characters: a lowercase letter, then lowercase letters, digits or '-'";
    /**
     * Names no new app may take: APP.HIY_DOMAIN of these is where HIY's own HTTP side lives (hiy) or what users
     * and tools expect of a box (www, api, admin, caddy, localhost, git, ssh, mail). Apps that got one before the
     * rule keep working.
     */
    public static final List<String> RESERVED = List.of("hiy", "www", "api", "admin", "caddy", "localhost", "git",
            "ssh", "mail");

    private AppName() { }

    /** Returns the name, or throws with a message that states the rule. */
    public static String validate(String name) {
        if (name == null || !RULE.matcher(name).matches() || name.endsWith("-")) {
            throw new IllegalArgumentException("\"" + name + "\" is not a valid app name: " + RULE_TEXT
                    + ", not ending in '-' (e.g. blog, my-api2)");
        }
        return name;
    }

    /** As {@link #validate}, and not a {@link #RESERVED} name: the rule for a name a new app is to get. */
    public static String validateNew(String name) {
        validate(name);
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("\"" + name + "\" is reserved (HIY keeps " + String.join(", ", RESERVED)
                    + " for itself and the box); choose another app name, e.g. my-" + name);
        }
        return name;
    }

    /** The app named by a git URL path: "/blog", "blog.git" and "/blog.git" all name blog. */
    public static String fromRepoPath(String path) {
        String p = path;
        if (p.startsWith("/")) p = p.substring(1);
        if (p.endsWith(".git")) p = p.substring(0, p.length() - 4);
        return validate(p);
    }
}
