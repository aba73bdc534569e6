package hiy.backup;

import java.util.regex.Pattern;

/**
 * The only paths an HIY backup holds, relative to the data dir. The same rule decides what a backup takes and what a
 * restore writes, so a hostile archive cannot name an absolute path, {@code ..}, a hidden file or any file HIY would
 * not have put there.
 */
final class ArchivePaths {
    static final String MANIFEST = "MANIFEST";
    static final String DATABASE = "hiy.db";
    static final String SETTINGS = "settings.env";

    private static final String APP = "[a-z0-9][a-z0-9-]{0,62}";
    /** hiy.runtime.VolumeMount's rule for a volume's NAME. */
    private static final String VOLUME = "[a-z][a-z0-9_]{0,29}";
    private static final Pattern ALLOWED = Pattern.compile(String.join("|",
            "hiy\\.db", "age-identity\\.txt", "ssh_host_ecdsa_key", "instance-id", "settings\\.env",
            "repos/" + APP + "\\.git/(HEAD|config|packed-refs)",
            "repos/" + APP + "\\.git/objects/[0-9a-f]{2}/[0-9a-f]{38}",
            "repos/" + APP + "\\.git/objects/pack/pack-[0-9a-f]{40}\\.(pack|idx|rev|bitmap|keep)",
            "logs/builds/" + APP + "-[0-9]{1,18}\\.log",
            "volumes/" + APP + "/" + VOLUME + "\\.tar"));
    private static final Pattern REPO = Pattern.compile("repos/(" + APP + ")\\.git/.*");

    private ArchivePaths() { }

    /** Where a backup holds the files of the app's volume NAME: the tar stream `podman volume export` wrote. */
    static String volume(String app, String name) {
        return "volumes/" + app + "/" + name + ".tar";
    }

    static boolean allowed(String path) {
        return ALLOWED.matcher(path).matches();
    }

    /** The app whose repository holds this path, or null. */
    static String appOf(String path) {
        var m = REPO.matcher(path);
        return m.matches() ? m.group(1) : null;
    }
}
