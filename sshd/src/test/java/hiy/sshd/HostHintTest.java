package hiy.sshd;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HostHintTest {
    @Test
    void aPortOtherThan22GoesAfterTheHostInTheUrlAndAfterDashPForSsh() {
        HostHint hint = new HostHint(2222);
        assertEquals("hiy@HOST -p 2222", hint.ssh());
        assertEquals("ssh://hiy@HOST:2222/blog", hint.repoUrl("blog"));
        assertEquals("ssh hiy@HOST -p 2222 apps", "ssh " + hint + " apps");
    }

    @Test
    void port22IsLeftOut() {
        assertEquals("hiy@HOST", new HostHint(22).ssh());
        assertEquals("ssh://hiy@HOST/blog", new HostHint(22).repoUrl("blog"));
    }
}
