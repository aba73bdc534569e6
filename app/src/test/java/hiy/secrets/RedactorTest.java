package hiy.secrets;

import hiy.model.LineSink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RedactorTest {
    @Test
    void masksEveryOccurrenceOfEveryValue() {
        Redactor redactor = Redactor.of(List.of("s3cret-token", "hunter2"));
        assertEquals("token=[redacted] again [redacted], pw [redacted]",
                redactor.redact("token=s3cret-token again s3cret-token, pw hunter2"));
    }

    @Test
    void aValueContainingAnotherIsMaskedWhole() {
        Redactor redactor = Redactor.of(List.of("pass", "password123"));
        assertEquals("db [redacted] and [redacted]", redactor.redact("db password123 and pass"));
    }

    @Test
    void overlappingValuesLeakNoTail() {
        assertEquals("x [redacted] y", Redactor.of(List.of("abcdef", "defghi")).redact("x abcdefghi y"));
    }

    @Test
    void theMaskIsNotMaskedAgain() {
        assertEquals("[redacted]", Redactor.of(List.of("dact", "xyzw")).redact("xyzw"));
    }

    @Test
    void ignoresEmptyAndShortValues() {
        Redactor redactor = Redactor.of(List.of("", "1", "dev", "true"));
        assertEquals("dev mode 1 is [redacted]", redactor.redact("dev mode 1 is true"));
    }

    @Test
    void masksEachLineOfAMultiLineValue() {
        Redactor redactor = Redactor.of(List.of("-----BEGIN KEY-----\n  MIIEvQIBADANBg\n-----END KEY-----\n"));
        assertEquals("  [redacted]", redactor.redact("  MIIEvQIBADANBg"));
        assertEquals("indent    kept", redactor.redact("indent    kept"));
    }

    @Test
    void noneLeavesLinesAlone() {
        assertEquals("password123 s3cret", Redactor.NONE.redact("password123 s3cret"));
    }

    @Test
    void redactingSinkPassesMaskedLinesOn() {
        List<String> seen = new ArrayList<>();
        LineSink sink = Redactor.of(List.of("hunter2")).redacting(seen::add);
        sink.line("login with hunter2");
        sink.line("done");
        assertEquals(List.of("login with [redacted]", "done"), seen);
    }
}
