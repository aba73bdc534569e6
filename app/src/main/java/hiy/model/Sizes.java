package hiy.model;

import java.util.Locale;

/** Sizes as doctor and the dashboard show them: "512 B", "1.5 KB", "37.2 MB", "24.1 GB". */
public final class Sizes {
    private Sizes() { }

    /** In the largest unit that fits, with one decimal (bytes without). */
    public static String bytes(long n) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
