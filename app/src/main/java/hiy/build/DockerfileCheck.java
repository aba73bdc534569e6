package hiy.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Dockerfile before it is built and refuses the instructions that Podman would carry out on the host,
 * outside the build's own network namespace and file system: ADD from a URL (buildah fetches it from the host,
 * so it reaches the host's loopback services) and RUN flags that mount host paths or pick the network. Only
 * {@code RUN --mount=type=tmpfs} is allowed: bind and cache mounts can reach outside the context (and cache mounts
 * are shared by every app on the box).
 */
final class DockerfileCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([A-Za-z]+)\\s*=\\s*(\\S*)\\s*$");
    private static final Pattern COPY_FROM = Pattern.compile("--from=(\\S+)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern INSTRUCTION = Pattern.compile("^\\s*(\\S+)\\s*(.*)$", Pattern.DOTALL);

    private DockerfileCheck() { }

    static void check(String dockerfile) throws BuildException {
        Map<String, String> args = new HashMap<>();
        for (Line line : logicalLines(dockerfile)) {
            Matcher m = INSTRUCTION.matcher(line.text());
            if (!m.matches()) continue;
            String instruction = m.group(1).toUpperCase(Locale.ROOT);
            String rest = m.group(2);
            if (instruction.equals("ONBUILD")) {
                Matcher inner = INSTRUCTION.matcher(rest);
                if (!inner.matches()) continue;
                instruction = inner.group(1).toUpperCase(Locale.ROOT);
                rest = inner.group(2);
            }
            if (instruction.equals("ARG")) remember(rest, args);
            if (instruction.equals("FROM")) checkBase(line.number(), "FROM", firstWord(rest), args);
            if (instruction.equals("COPY") || instruction.equals("ADD")) {
                Matcher from = COPY_FROM.matcher(rest);
                if (from.find()) checkBase(line.number(), instruction + " --from", from.group(1), args);
            }
            if (instruction.equals("ADD")) checkAdd(line.number(), rest);
            if (instruction.equals("RUN")) checkRun(line.number(), rest);
        }
    }

    /**
     * An image a stage starts from or copies from: never one of HIY's builds of an app, nor a bare id. Variables
     * are read with the defaults of the ARGs before them, as HIY passes no build arguments.
     */
    private static void checkBase(int number, String what, String image, Map<String, String> args) throws BuildException {
        String ref = expand(image, args);
        if (ImageNames.isAppBuild(ref) || ImageNames.looksLikeId(ref)) {
            throw new BuildException("Dockerfile line " + number + ": " + what + " " + ref + " is not allowed: images"
                    + " HIY built for apps (hiy/…) and bare image ids can hold other apps' code. Start from a base"
                    + " image by its name, e.g. FROM node:22-bookworm-slim");
        }
    }

    private static void remember(String rest, Map<String, String> args) {
        for (String word : rest.strip().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) args.put(word.substring(0, eq), unquote(word.substring(eq + 1)));
            else if (!word.isEmpty()) args.putIfAbsent(word, "");
        }
    }

    private static String unquote(String v) {
        return v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))
                ? v.substring(1, v.length() - 1) : v;
    }

    private static String expand(String word, Map<String, String> args) {
        Matcher m = VARIABLE.matcher(word);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(3);
            String value = args.getOrDefault(name, "");
            if (value.isEmpty() && m.group(2) != null) value = m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    private static String firstWord(String rest) {
        for (String word : rest.strip().split("\\s+")) {
            if (!word.startsWith("--")) return word;
        }
        return "";
    }

    private static void checkAdd(int number, String args) throws BuildException {
        List<String> words = words(number, args);
        List<String> sources = words.subList(0, Math.max(0, words.size() - 1));
        for (String source : sources) {
            if (source.contains("://") || source.startsWith("git@") || source.contains("$")) {
                throw new BuildException("Dockerfile line " + number + ": ADD " + source + " is not allowed: a URL (or a"
                        + " variable that may hold one) in ADD is fetched by the build host itself, outside the build's"
                        + " network sandbox. Download it in a RUN step instead (RUN wget -O FILE URL, or curl -fsSLo FILE"
                        + " URL), and use COPY for files in your repository");
            }
        }
    }

    private static void checkRun(int number, String args) throws BuildException {
        String rest = args.stripLeading();
        while (rest.startsWith("--")) {
            int end = firstSpace(rest);
            String flag = rest.substring(0, end);
            rest = rest.substring(end).stripLeading();
            if (!isTmpfsMount(flag)) {
                throw new BuildException("Dockerfile line " + number + ": RUN " + flag + " is not allowed: HIY builds"
                        + " in a sandbox of its own, and bind and cache mounts and network flags could reach the host"
                        + " (cache mounts are also shared with every other app). Only RUN --mount=type=tmpfs is allowed;"
                        + " use COPY to bring files into the image");
            }
        }
    }

    private static boolean isTmpfsMount(String flag) {
        if (!flag.startsWith("--mount=") || flag.contains("$")) return false;
        boolean tmpfs = false;
        for (String option : flag.substring("--mount=".length()).split(",")) {
            String key = option.split("=", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (key.equals("type")) {
                if (!option.strip().equals("type=tmpfs")) return false;
                tmpfs = true;
            }
            if (key.equals("source") || key.equals("src") || key.equals("from")) return false;
        }
        return tmpfs;
    }

    private static int firstSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) return i;
        }
        return s.length();
    }

    /** The arguments, without leading --flags, in JSON form or split at white space as Docker does. */
    private static List<String> words(int number, String args) throws BuildException {
        String text = args.strip();
        List<String> words = new ArrayList<>();
        if (text.startsWith("[")) {
            try {
                for (Object word : JSON.readValue(text, List.class)) words.add(String.valueOf(word));
            } catch (JsonProcessingException notJson) {
                words.addAll(Arrays.asList(text.split("\\s+")));
            }
        } else if (!text.isEmpty()) {
            words.addAll(Arrays.asList(text.split("\\s+")));
        }
        while (!words.isEmpty() && words.get(0).startsWith("--")) words.remove(0);
        return words;
    }

    private record Line(int number, String text) { }

    /**
     * Instructions joined across continuation lines (Docker's escape character, {@code \} or the one a
     * {@code # escape=} directive names), comment lines and blank lines left out; each keeps its first line's number.
     */
    private static List<Line> logicalLines(String dockerfile) {
        String[] lines = dockerfile.split("\r?\n", -1);
        char escape = '\\';
        int i = 0;
        for (; i < lines.length; i++) {
            Matcher d = DIRECTIVE.matcher(lines[i]);
            if (!d.matches()) break;
            if (d.group(1).equalsIgnoreCase("escape") && d.group(2).length() == 1) escape = d.group(2).charAt(0);
        }
        List<Line> out = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        for (; i < lines.length; i++) {
            String line = lines[i];
            String stripped = line.strip();
            if (stripped.startsWith("#") || (current != null && stripped.isEmpty())) continue;
            if (current == null) {
                if (stripped.isEmpty()) continue;
                current = new StringBuilder();
                start = i + 1;
            }
            String trimmed = line.stripTrailing();
            if (!trimmed.isEmpty() && trimmed.charAt(trimmed.length() - 1) == escape) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                current.append(line);
                out.add(new Line(start, current.toString()));
                current = null;
            }
        }
        if (current != null) out.add(new Line(start, current.toString()));
        return out;
    }
}
