package hiy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages of all three modules form layers: no package imports, directly or through others, a package that
 * imports it back. Read from the main sources' package lines, imports and fully qualified names.
 */
class PackageCyclesTest {
    /** Module source roots, relative to app/ where Maven runs this test. */
    private static final List<Path> ROOTS = List.of(
            Path.of("src/main/java"), Path.of("../sshd/src/main/java"), Path.of("../hooks/src/main/java"));
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+(hiy(?:\\.\\w+)*)\\s*;", Pattern.MULTILINE);
    /** A reference to a class of HIY: lower-case segments, then a capitalised class name. */
    private static final Pattern REFERENCE = Pattern.compile("\\bhiy((?:\\.[a-z]\\w*)*)\\.[A-Z]");
    /**
     * A string's characters are taken in runs ([^"\\]++), not one group repetition per character: Java's regex
     * recurses per repetition, and a long text block (the dashboard's style sheet) overflowed the stack.
     */
    private static final Pattern COMMENTS_AND_STRINGS =
            Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:[^\"\\\\]++|\\\\.)*+\"", Pattern.DOTALL);

    @Test
    void packagesImportEachOtherInNoCircle() {
        Map<String, Map<String, String>> graph = packageGraph();
        assertTrue(graph.size() > 10, "found only " + graph.keySet() + " under " + ROOTS
                + "; run this test from the app module");
        List<String> cycles = cycles(graph);
        assertTrue(cycles.isEmpty(), "packages import each other in a circle (after each arrow, a file of the"
                + " package before it that imports the package after it): move the shared piece into a lower package,"
                + " e.g. hiy.model\n" + String.join("\n", cycles));
    }

    /** The package graph of main sources: package → imported package → one file that imports it. */
    static Map<String, Map<String, String>> packageGraph() {
        Map<String, Map<String, String>> graph = new TreeMap<>();
        for (Path root : ROOTS) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> addFile(graph, f));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the sources under " + root.toAbsolutePath(), e);
            }
        }
        return graph;
    }

    private static void addFile(Map<String, Map<String, String>> graph, Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
        Matcher pkg = PACKAGE.matcher(text);
        assertTrue(pkg.find(), file + " has no package line");
        String from = pkg.group(1);
        Map<String, String> edges = graph.computeIfAbsent(from, p -> new TreeMap<>());
        String code = COMMENTS_AND_STRINGS.matcher(text.substring(pkg.end())).replaceAll(" ");
        Matcher ref = REFERENCE.matcher(code);
        while (ref.find()) {
            String to = "hiy" + ref.group(1);
            if (!to.equals(from)) {
                edges.putIfAbsent(to, file.getFileName().toString());
            }
        }
    }

    /** One readable circle for each group of packages that reach each other, e.g. "a → b (B.java) → a (A.java)". */
    static List<String> cycles(Map<String, Map<String, String>> graph) {
        List<String> found = new ArrayList<>();
        Set<String> reported = new TreeSet<>();
        for (String start : graph.keySet()) {
            if (reported.contains(start)) {
                continue;
            }
            List<String> path = shortestPath(graph, start, start);
            if (path != null) {
                reported.addAll(path);
                StringBuilder line = new StringBuilder(start);
                for (int i = 1; i < path.size(); i++) {
                    line.append(" → ").append(path.get(i))
                            .append(" (").append(graph.get(path.get(i - 1)).get(path.get(i))).append(')');
                }
                found.add(line.toString());
            }
        }
        return found;
    }

    /** Breadth-first: the packages from start to goal (both included), or null when goal cannot be reached. */
    private static List<String> shortestPath(Map<String, Map<String, String>> graph, String start, String goal) {
        Map<String, String> cameFrom = new TreeMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (String next : graph.getOrDefault(at, Map.of()).keySet()) {
                if (next.equals(goal)) {
                    List<String> path = new ArrayList<>(List.of(goal));
                    for (String p = at; p != null; p = p.equals(start) ? null : cameFrom.get(p)) {
                        path.add(0, p);
                    }
                    return path;
                }
                if (!cameFrom.containsKey(next) && !next.equals(start)) {
                    cameFrom.put(next, at);
                    queue.add(next);
                }
            }
        }
        return null;
    }
}
