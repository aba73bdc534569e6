package hiy.sshd;

/**
 * Text a user typed (or a repository carries), made safe to print on someone else's terminal: control and format
 * characters become visible escapes, so a newline cannot forge a line and ESC cannot drive the terminal.
 */
public final class TerminalText {
    private TerminalText() { }

    /** {@code \n}, {@code \r}, {@code \t}, {@code \\}, other controls as {@code \x1b}, format characters as {@code \u202e}. */
    public static String escape(String text) {
        if (text == null) return null;
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    int type = Character.getType(c);
                    if (type == Character.CONTROL) {
                        out.append(String.format("\\x%02x", c));
                    } else if (type == Character.FORMAT || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                            || type == Character.SURROGATE) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
