package hiy.commands;

import hiy.sshd.TerminalText;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows printed as aligned columns, two spaces apart; the last column is not padded. Cells are escaped
 * ({@link TerminalText}): a cell may hold what a user typed.
 */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();

    TextTable row(String... cells) {
        String[] escaped = new String[cells.length];
        for (int i = 0; i < cells.length; i++) escaped[i] = TerminalText.escape(cells[i]);
        rows.add(escaped);
        return this;
    }

    void print(PrintStream out) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]);
                if (i < r.length - 1) line.append(" ".repeat(width[i] - r[i].length() + 2));
            }
            out.println(line);
        }
    }
}
