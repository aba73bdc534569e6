package hiy.secrets;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Login links work once and in time; sessions expire, end per user, and stay bounded in number. */
class BrowserSessionsTest {
    private Instant now = Instant.parse("2026-12-02T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };
    private final BrowserSessions sessions = new BrowserSessions(clock);

    @Test
    void aLinkWorksOnceAndOnlyWithinItsMinutes() {
        String link = sessions.newLink("alice");
        Optional<String> cookie = sessions.redeem(link);
        assertTrue(cookie.isPresent());
        assertEquals("alice", sessions.session(cookie.get()).orElseThrow().user());
        assertEquals(Optional.empty(), sessions.redeem(link), "used up");

        String late = sessions.newLink("alice");
        now = now.plus(BrowserSessions.LINK_TTL);
        assertEquals(Optional.empty(), sessions.redeem(late), "expired at its TTL");
        for (String bad : new String[] {null, "", "x", "A".repeat(43), "../../etc/passwd", link + "A"}) {
            assertEquals(Optional.empty(), sessions.redeem(bad), String.valueOf(bad));
            assertEquals(Optional.empty(), sessions.session(bad), String.valueOf(bad));
        }
    }

    @Test
    void aSessionExpiresAndHasACsrfTokenOfItsOwn() {
        String one = sessions.redeem(sessions.newLink("alice")).orElseThrow();
        String two = sessions.redeem(sessions.newLink("alice")).orElseThrow();
        assertNotEquals(one, two);
        assertNotEquals(sessions.session(one).orElseThrow().csrf(), sessions.session(two).orElseThrow().csrf());
        assertNotEquals(one, sessions.session(one).orElseThrow().csrf(), "the form token is not the cookie");
        now = now.plus(BrowserSessions.SESSION_TTL).minus(Duration.ofSeconds(1));
        assertTrue(sessions.session(one).isPresent());
        now = now.plus(Duration.ofSeconds(1));
        assertFalse(sessions.session(one).isPresent());
    }

    @Test
    void logoutAllEndsOneUsersSessionsOrEveryones() {
        String alice = sessions.redeem(sessions.newLink("alice")).orElseThrow();
        String bob = sessions.redeem(sessions.newLink("bob")).orElseThrow();
        String bobsLink = sessions.newLink("bob");
        assertEquals(1, sessions.logoutAll("bob"));
        assertFalse(sessions.session(bob).isPresent());
        assertEquals(Optional.empty(), sessions.redeem(bobsLink), "unused links go too");
        assertTrue(sessions.session(alice).isPresent());
        sessions.logout(alice);
        assertFalse(sessions.session(alice).isPresent());
        sessions.redeem(sessions.newLink("carol")).orElseThrow();
        assertEquals(1, sessions.logoutAll(null));
    }

    @Test
    void manyLinksKeepTheNewestWithinTheBound() {
        String first = sessions.newLink("alice");
        String last = null;
        for (int i = 0; i < BrowserSessions.MAX_EACH + 5; i++) {
            now = now.plusMillis(1);
            last = sessions.newLink("alice");
        }
        assertEquals(Optional.empty(), sessions.redeem(first), "the oldest went");
        assertTrue(sessions.redeem(last).isPresent());
    }
}
