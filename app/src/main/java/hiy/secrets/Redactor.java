package hiy.secrets;

import hiy.model.LineSink;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Masks an app's secret config values in lines that leave the server (build logs, push output). */
public final class Redactor {
    public static final Redactor NONE = new Redactor(List.of());
    static final String MASK = "[redacted]";
    /**
     * Shorter values ("1", "true", "dev") occur everywhere by chance; masking them would garble
     * every log line while hiding nothing an attacker could not guess.
     */
    static final int MIN_LENGTH = 4;

    private final List<String> values;

    private Redactor(List<String> values) {
        this.values = values;
    }

    /**
     * Lines are masked one at a time, so each line of a multi-line value (a PEM key) is masked on its
     * own; pieces are stripped so that indentation alone is never taken for a secret.
     */
    public static Redactor of(Collection<String> values) {
        return new Redactor(values.stream()
                .flatMap(String::lines)
                .map(String::strip)
                .filter(value -> value.length() >= MIN_LENGTH)
                .distinct()
                .toList());
    }

    /**
     * Marks every character covered by any occurrence of any value, then masks each marked run once.
     * Unlike replacing values one by one (longest first), this needs no order: a value inside another
     * is masked whole, two overlapping values leak no tail, and the mask itself is never matched.
     */
    public String redact(String line) {
        boolean[] hidden = new boolean[line.length()];
        boolean any = false;
        for (String value : values) {
            for (int at = line.indexOf(value); at >= 0; at = line.indexOf(value, at + 1)) {
                Arrays.fill(hidden, at, at + value.length(), true);
                any = true;
            }
        }
        if (!any) {
            return line;
        }
        StringBuilder masked = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            if (!hidden[i]) {
                masked.append(line.charAt(i));
            } else if (i == 0 || !hidden[i - 1]) {
                masked.append(MASK);
            }
        }
        return masked.toString();
    }

    public LineSink redacting(LineSink sink) {
        return line -> sink.line(redact(line));
    }
}
