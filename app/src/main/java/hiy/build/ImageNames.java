package hiy.build;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The image names a user may not build from or release: HIY's own builds of apps (hiy/APP:…, which hold those
 * apps' code) and bare image ids (which can name an untagged layer of another app's build).
 */
final class ImageNames {
    private static final Pattern ID = Pattern.compile("(sha256:)?[a-f0-9]{12,64}");
    private static final Pattern APP_BUILD = Pattern.compile("(?:[^/]+/)?hiy/.*");

    private ImageNames() { }

    static boolean isAppBuild(String ref) {
        return APP_BUILD.matcher(ref.toLowerCase(Locale.ROOT)).matches();
    }

    static boolean looksLikeId(String ref) {
        return ID.matcher(ref.toLowerCase(Locale.ROOT)).matches();
    }
}
