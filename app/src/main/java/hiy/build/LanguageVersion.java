package hiy.build;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version a repository asks for (.python-version, runtime.txt, go.mod's go line, .ruby-version) beside the one
 * the configured base image's tag carries: a mismatch is a warning, never a change of image, and only a version
 * HIY can read is echoed back.
 */
final class LanguageVersion {
    private static final Pattern VERSION = Pattern.compile("v?(\\d{1,3})\\.(\\d{1,3})(?:\\.\\d{1,4})?(?:[a-z0-9.+-]{0,16})?");
    private static final Pattern TAG = Pattern.compile(":(?:[a-z]+-)?(\\d{1,3})\\.(\\d{1,3})(?:[.-][^/:]*)?$");

    private LanguageVersion() { }

    /** "3.12" of "3.12.4"; empty when it is no version HIY can read. */
    static Optional<String> majorMinor(String asked) {
        Matcher m = VERSION.matcher(asked.strip());
        return m.matches() ? Optional.of(m.group(1) + "." + m.group(2)) : Optional.empty();
    }

    /** "3.12" of "docker.io/library/python:3.12-slim-bookworm"; empty when the tag carries none. */
    static Optional<String> ofImage(String image) {
        Matcher m = TAG.matcher(image);
        return m.find() ? Optional.of(m.group(1) + "." + m.group(2)) : Optional.empty();
    }

    /**
     * The warning for a version the commit asks for in file (a line as written there) when the image differs;
     * setting names the HIY setting of that image.
     */
    static Optional<String> warning(String language, String file, String asked, String image, String setting) {
        Optional<String> wanted = majorMinor(asked);
        if (wanted.isEmpty()) {
            return Optional.of("! " + file + " does not hold a " + language + " version HIY can read; building with "
                    + image + " (" + setting + ")");
        }
        if (wanted.equals(ofImage(image))) return Optional.empty();
        return Optional.of("! " + file + " asks for " + language + " " + wanted.get() + "; building with " + image
                + " (the box's " + setting + "; ask the admin for another, or add a Dockerfile)");
    }
}
