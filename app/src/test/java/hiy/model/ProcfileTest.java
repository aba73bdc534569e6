package hiy.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcfileTest {
    @Test
    void readsTypesWebFirstAndKeepsReleaseApart() throws Exception {
        Procfile p = Procfile.parse("# jobs\nworker: ./jobs --queue=a:b\r\n\nweb:   ./server $PORT  \nrelease: ./migrate\n");
        assertEquals(List.of("web", "worker"), p.types());
        assertEquals(Optional.of("./server $PORT"), p.command("web"));
        assertEquals(Optional.of("./jobs --queue=a:b"), p.command("worker"), "only the first colon separates");
        assertEquals(Optional.of("./migrate"), p.releaseCommand());
        assertFalse(p.has("release"));
    }

    @Test
    void withoutAProcfileWebRunsTheImagesCommand() {
        Procfile p = Procfile.imageDefault();
        assertEquals(List.of("web"), p.types());
        assertEquals(Optional.empty(), p.command("web"));
        assertEquals(null, p.text());
        assertEquals(List.of("web"), Procfile.stored(null).types());
    }

    @Test
    void refusesWhatItCannotRunAndSaysWhere() {
        assertError("web: a\nnot a line\n", "Procfile line 2 is not TYPE: COMMAND");
        assertError("web: a\nweb: b\n", "Procfile line 2: process type web is defined twice");
        assertError("worker:\n", "Procfile line 1: process type worker has no command");
        assertError("we.b: x\n", "process type \"we.b\" must be 1-30 letters, digits, - or _");
        assertError("# only a comment\n", "defines no process type");
        assertError("release: a\nrelease: b\n", "release is defined twice");
    }

    @Test
    void processTypeNamesForScale() {
        assertTrue(Procfile.validType("worker_2"));
        assertFalse(Procfile.validType("release"));
        assertFalse(Procfile.validType("-x"));
        assertFalse(Procfile.validType("a".repeat(31)));
    }

    private static void assertError(String text, String message) {
        Procfile.ProcfileError e = assertThrows(Procfile.ProcfileError.class, () -> Procfile.parse(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
