package hiy.sshd;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QuotedArgsTest {
    @Test
    void splitsOnWhitespace() {
        assertEquals(List.of("config:set", "blog", "A=1"), QuotedArgs.split("  config:set   blog\tA=1 "));
    }

    @Test
    void singleQuotesKeepEverythingLiteral() {
        assertEquals(List.of("config:set", "blog", "GREETING=hello world=1"),
                QuotedArgs.split("config:set blog GREETING='hello world=1'"));
        assertEquals(List.of("a\\b \"c\""), QuotedArgs.split("'a\\b \"c\"'"));
    }

    @Test
    void doubleQuotesHonourTheirFourEscapes() {
        assertEquals(List.of("say \"hi\" $HOME \\n"), QuotedArgs.split("\"say \\\"hi\\\" \\$HOME \\n\""));
    }

    @Test
    void backslashEscapesOneCharacter() {
        assertEquals(List.of("a b", "c"), QuotedArgs.split("a\\ b c"));
    }

    @Test
    void shellOperatorsAreJustText() {
        assertEquals(List.of("apps;", "rm", "-rf", "/", "&&", "$(id)", "|", "`x`"),
                QuotedArgs.split("apps; rm -rf / && $(id) | `x`"));
    }

    @Test
    void emptyQuotesMakeAnEmptyWord() {
        assertEquals(List.of("x", ""), QuotedArgs.split("x ''"));
    }

    @Test
    void gitStyleQuotedPath() {
        assertEquals(List.of("git-receive-pack", "/blog.git"), QuotedArgs.split("git-receive-pack '/blog.git'"));
    }

    @Test
    void unterminatedQuotesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> QuotedArgs.split("apps 'oops"));
        assertThrows(IllegalArgumentException.class, () -> QuotedArgs.split("apps \"oops"));
        assertThrows(IllegalArgumentException.class, () -> QuotedArgs.split("apps oops\\"));
    }

    @Test
    void blankLineHasNoWords() {
        assertEquals(List.of(), QuotedArgs.split("   "));
    }
}
