package hiy.host;

import java.util.Optional;
import java.util.OptionalLong;

/** The two text formats of /proc that HIY reads, parsed in one place each. */
public final class ProcFields {
    private ProcFields() {}

    /**
     * A field of /proc/meminfo or /proc/PID/status in bytes ("VmRSS:  1234 kB": both count in kB); empty when the
     * text has no such field (a kernel thread or a zombie has no VmRSS).
     */
    public static OptionalLong bytes(String text, String field) {
        return text.lines().filter(l -> l.startsWith(field + ":"))
                .map(l -> l.substring(field.length() + 1).strip().split("\\s+")[0])
                .filter(n -> n.chars().allMatch(Character::isDigit) && !n.isEmpty())
                .mapToLong(n -> Long.parseLong(n) * 1024).findFirst();
    }

    /**
     * Fields 3 on of a /proc/PID/stat line (state first, so field N is at index N - 3); the command name before them
     * may hold spaces and parentheses, hence the cut after the last ')'. Empty when the line is cut short.
     */
    public static Optional<String[]> stat(String line) {
        int name = line.lastIndexOf(')');
        if (name < 0 || name + 2 > line.length()) return Optional.empty();
        String[] fields = line.substring(name + 2).strip().split(" ");
        return fields.length > 19 ? Optional.of(fields) : Optional.empty();
    }
}
