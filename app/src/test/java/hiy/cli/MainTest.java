package hiy.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The on-box CLI takes its arguments literally: an @FILE argument is never read. */
class MainTest {
    @Test
    void anAtFileArgumentIsNotExpanded(@TempDir Path dir) throws Exception {
        // Were @FILE expanded, this file's content would become the arguments: --version, which exits 0.
        Path file = dir.resolve("args");
        Files.writeString(file, "--version\n");
        Captured run = capture("@" + file);
        assertNotEquals(0, run.exit, run.all());
        assertFalse(run.out.contains("HIY "), "the file's --version was not read: " + run.all());
        assertTrue(run.err.contains("@" + file), "the argument is reported as typed: " + run.all());
    }

    @Test
    void anAtDirectoryGivesNoStackTrace(@TempDir Path dir) throws Exception {
        Captured run = capture("@" + dir);
        assertNotEquals(0, run.exit, run.all());
        assertFalse(run.all().contains("Exception") || run.all().contains("\tat "), run.all());
    }

    @Test
    void versionStillAnswers() throws Exception {
        Captured run = capture("--version");
        assertEquals(0, run.exit, run.all());
        assertTrue(run.out.startsWith("HIY "), run.all());
    }

    private record Captured(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private static synchronized Captured capture(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Captured(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
