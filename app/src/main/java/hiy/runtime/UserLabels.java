package hiy.runtime;

import java.util.Locale;
import java.util.regex.Pattern;

/** The rule for a label a user puts on an app's containers: HIY's own {@code hiy.*} labels are not theirs to set. */
public final class UserLabels {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,127}");
    private static final int MAX_VALUE = 256;
    public static final int MAX_PER_APP = 50;

    private UserLabels() { }

    public static void checkKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("\"" + key + "\" is not a label key: use up to 128 letters, digits and"
                    + " . _ / -, starting with a letter or digit, e.g. com.example.team");
        }
        if (key.toLowerCase(Locale.ROOT).startsWith("hiy.")) {
            throw new IllegalArgumentException("labels starting with hiy. are HIY's own (they say which app, release"
                    + " and HIY a container belongs to); choose another key, e.g. com.example." + key.substring(4));
        }
    }

    public static void checkValue(String key, String value) {
        if (value.length() > MAX_VALUE) {
            throw new IllegalArgumentException("the value of " + key + " is longer than " + MAX_VALUE + " characters");
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("the value of " + key + " has control characters; use printable text");
        }
    }
}
