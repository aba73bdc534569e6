package hiy.build;

import java.util.regex.Pattern;

/**
 * A path a user names inside the repository (a Dockerfile's, a static site's folder): relative to the top, in plain
 * segments, with no way up, no absolute path, nothing a shell or Podman would read twice. Links are refused when
 * the files are read ({@link SourceTree}).
 */
final class RepoPath {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final int MAX = 255;

    private RepoPath() { }

    /** The path as given; example: the setting as the user would write it, for the refusal. */
    static String check(String path, String example) throws BuildException {
        boolean plain = path.length() <= MAX && PLAIN.matcher(path).matches();
        if (plain) {
            for (String part : path.split("/")) {
                if (part.equals(".") || part.equals("..")) plain = false;
            }
        }
        if (!plain) {
            throw new BuildException("path \"" + path + "\" is not a plain path inside the repository: write it"
                    + " relative to the top, with letters, digits, . _ - and /, without .. (e.g. " + example + ")");
        }
        return path;
    }
}
