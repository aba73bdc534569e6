package hiy.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An app's process types, as Heroku's Procfile has them: one {@code type: command} per line, blank lines and
 * {@code #} comments ignored. {@code release} is not a process: it runs once per release before traffic moves.
 * An app without a Procfile has one {@code web} process running the image's own command.
 */
public final class Procfile {
    public static final String WEB = "web";
    public static final String RELEASE = "release";
    /** Short enough for container names and ps; the characters Heroku allows. */
    static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,29}");
    private static final Pattern LINE = Pattern.compile("^([^:\\s]+)\\s*:\\s*(.*)$");

    private final String text;
    private final Map<String, String> commands;
    private final String release;

    private Procfile(String text, Map<String, String> commands, String release) {
        this.text = text;
        this.commands = commands;
        this.release = release;
    }

    public static boolean validType(String type) {
        return TYPE.matcher(type).matches() && !type.equals(RELEASE);
    }

    /** No Procfile: web runs the image's command. */
    public static Procfile imageDefault() {
        Map<String, String> web = new LinkedHashMap<>();
        web.put(WEB, null);
        return new Procfile(null, web, null);
    }

    /** A stored Procfile (null: none), read back; it was checked when it was built. */
    public static Procfile stored(String text) {
        try {
            return text == null ? imageDefault() : parse(text);
        } catch (ProcfileError e) {
            throw new IllegalStateException("a stored Procfile no longer parses: " + e.getMessage(), e);
        }
    }

    public static Procfile parse(String text) throws ProcfileError {
        Map<String, String> commands = new LinkedHashMap<>();
        String release = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = "Procfile line " + (i + 1);
            Matcher m = LINE.matcher(line);
            if (!m.matches()) throw new ProcfileError(where + " is not TYPE: COMMAND (got \"" + line + "\")");
            String type = m.group(1);
            String command = m.group(2).strip();
            if (!TYPE.matcher(type).matches()) {
                throw new ProcfileError(where + ": process type \"" + type + "\" must be 1-30 letters, digits, - or _");
            }
            if (command.isEmpty()) throw new ProcfileError(where + ": process type " + type + " has no command");
            if (type.equals(RELEASE)) {
                if (release != null) throw new ProcfileError(where + ": release is defined twice");
                release = command;
            } else if (commands.putIfAbsent(type, command) != null) {
                throw new ProcfileError(where + ": process type " + type + " is defined twice");
            }
        }
        if (commands.isEmpty() && release == null) {
            throw new ProcfileError("the Procfile defines no process type: add a line such as web: ./server");
        }
        return new Procfile(text, commands, release);
    }

    /** The process types, web first, then in the Procfile's order. */
    public List<String> types() {
        List<String> types = new ArrayList<>();
        if (commands.containsKey(WEB)) types.add(WEB);
        commands.keySet().stream().filter(t -> !t.equals(WEB)).forEach(types::add);
        return types;
    }

    public boolean has(String type) {
        return commands.containsKey(type);
    }

    /** The command of a type; empty for web without a Procfile (the image's own command). */
    public Optional<String> command(String type) {
        return Optional.ofNullable(commands.get(type));
    }

    public Optional<String> releaseCommand() {
        return Optional.ofNullable(release);
    }

    /** What the release record keeps: the Procfile as written, null if there was none. */
    public String text() {
        return text;
    }

    /** How a Procfile command runs: through the shell, so $PORT and friends expand, in place of the image's. */
    public static List<String> shell(String command) {
        return List.of("/bin/sh", "-c", command);
    }

    public static final class ProcfileError extends Exception {
        public ProcfileError(String message) {
            super(message);
        }
    }
}
