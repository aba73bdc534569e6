package hiy.runtime;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One of an app's named volumes, mounted at an absolute path in its containers. The rules for a volume's name and
 * its path live here, once: a user chooses both, so both are hostile until checked.
 */
public record VolumeMount(String name, String path) {
    /** No '-': the volume is called hiy-INSTANCE-APP-NAME and app names have '-', so NAME's start stays unambiguous. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,29}");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_@+-][A-Za-z0-9._@+-]{0,63}");
    private static final int MAX_PATH = 200;
    /** The engine's and the kernel's: a mount on or under these would hide or change what the container runs on. */
    private static final List<String> UNDER_NOTHING = List.of("/proc", "/sys", "/dev", "/run");
    /** The image's own system folders: a volume over them hides the programs the app runs. Below them is fine. */
    private static final List<String> NOT_ON = List.of("/bin", "/boot", "/etc", "/lib", "/lib32", "/lib64", "/sbin",
            "/usr", "/var", "/tmp", "/root", "/home");

    public VolumeMount {
        checkName(name);
        checkPath(path);
    }

    /** Throws with the reason and an example if NAME breaks the rule. */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("\"" + name + "\" is not a volume name: use 1 to 30 lower-case letters,"
                    + " digits and '_', starting with a letter, e.g. data or uploads");
        }
    }

    /** Throws with the reason if the path is not a plain absolute path a volume may go on. */
    public static void checkPath(String path) {
        String hint = "; give an absolute path of plain folder names, e.g. /data or /app/uploads";
        if (path == null || !path.startsWith("/")) throw new IllegalArgumentException("\"" + path + "\" is not an absolute path" + hint);
        if (path.length() > MAX_PATH) throw new IllegalArgumentException("the path is longer than " + MAX_PATH + " characters" + hint);
        if (path.equals("/")) throw new IllegalArgumentException("a volume cannot go on / (it would hide the whole image)" + hint);
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.equals(".") || segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("\"" + path + "\" has a part that is empty, '.', '..' or has"
                        + " characters other than letters, digits and . _ @ + -" + hint);
            }
        }
        for (String system : UNDER_NOTHING) {
            if (path.equals(system) || path.startsWith(system + "/")) {
                throw new IllegalArgumentException(path + " is on or under " + system + ", which the container engine"
                        + " provides" + hint);
            }
        }
        if (NOT_ON.contains(path)) {
            throw new IllegalArgumentException("a volume on " + path + " would hide the image's " + path
                    + "; mount it below, e.g. " + path + "/myapp" + hint.replace("; give", "; or give"));
        }
    }
}
