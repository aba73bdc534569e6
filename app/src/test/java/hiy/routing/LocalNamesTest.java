package hiy.routing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalNamesTest {
    @Test
    void namesNoPublicCaCertifiesAreLocal() {
        for (String host : new String[] {"localhost", "blog.localhost", "shop.test", "printer.local",
                "db.corp.internal", "127.0.0.1", "192.168.1.20", "::1", "[::1]", "Blog.LOCALHOST."}) {
            assertTrue(LocalNames.isLocal(host), host);
        }
    }

    @Test
    void realDomainsAreNotLocal() {
        for (String host : new String[] {"blog.example.com", "example.org", "localhost.example.com",
                "test.example.com", "local.dev", "internal.io", "1.2.3.4.nip.io"}) {
            assertFalse(LocalNames.isLocal(host), host);
        }
    }

    @Test
    void normalizeDropsCaseTrailingDotAndBrackets() {
        assertEquals("blog.example.com", LocalNames.normalize(" Blog.Example.COM. "));
        assertEquals("::1", LocalNames.normalize("[::1]"));
    }
}
