package hiy.model;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Durations and moments as push, command and dashboard output show them: "12.3 s", "5 min ago". */
public final class Durations {
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Durations() { }

    public static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    /** How long since a System.nanoTime() reading. */
    public static String secondsSince(long nanoStart) {
        return seconds(Duration.ofNanos(System.nanoTime() - nanoStart));
    }

    /** "12 s", "5 min", "3 h 20 min", "2 d 4 h". */
    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) return s + " s";
        if (s < 3600) return s / 60 + " min";
        if (s < 86_400) return s / 3600 + " h" + (s % 3600 >= 60 ? " " + s % 3600 / 60 + " min" : "");
        return s / 86_400 + " d" + (s % 86_400 >= 3600 ? " " + s % 86_400 / 3600 + " h" : "");
    }

    /** Within a day "5 min ago"; older, the box's local date and time. */
    public static String ago(long epochMillis, Instant now) {
        Duration d = Duration.between(Instant.ofEpochMilli(epochMillis), now);
        if (d.toHours() < 24) return duration(d) + " ago";
        return DAY_AND_TIME.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault()));
    }
}
