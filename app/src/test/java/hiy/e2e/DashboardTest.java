package hiy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real browser (headless Chromium through HIY's Caddy): a one-time link from `ssh dashboard`
 * logs in, the apps page shows the user's apps with their status, log out needs the page's form token, and
 * dashboard:logout-all ends the sessions of the key's user.
 */
@Tag("e2e")
class DashboardTest {
    static TestBox box;

    @BeforeAll
    static void start() throws Exception {
        box = TestBox.start(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (box != null) box.close();
    }

    private static String link(Path key) throws Exception {
        return new DashboardLogin(box).link(key);
    }

    private static HttpResponse<String> send(String method, String url, String cookie, String form) throws Exception {
        return new DashboardLogin(box).send(method, url, cookie, null, form, null);
    }

    private static String sessionCookie(HttpResponse<String> login) {
        String set = login.headers().firstValue("Set-Cookie").orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    @Test
    void aLinkFromSshLogsTheBrowserInOnceAndTheAppsPageShowsTheAppRunning() throws Exception {
        String app = box.appName("dash");
        box.git(box.project(app, webApp("dashboard app")), "push", box.remote(app), "main").assertOk();
        String url = link(null);
        String audit = box.ssh("audit").assertOk().out();
        assertTrue(audit.contains("dashboard: login link made"), audit);
        assertFalse(audit.contains(url.substring(url.lastIndexOf('/') + 1)), "the link's secret is not in the audit log");

        try (Browser browser = Browser.start()) {
            browser.navigate(url);
            assertEquals("Log in", browser.evaluate("document.querySelector('button').textContent"));
            browser.submitSoon("form");
            browser.awaitValue("the apps page after logging in", "location.pathname + ' ' + document.title",
                    v -> v.equals("/ Apps · HIY"));
            String row = browser.evaluate("document.querySelector('tr[data-app=\"" + app + "\"]').innerText");
            assertTrue(row.contains(app) && row.contains("running") && row.contains("v1") && row.contains("by alice"), row);
            assertEquals("running", browser.evaluate("document.querySelector('tr[data-app=\"" + app + "\"] .badge').className.split(' ')[1]"));
            assertEquals("", browser.evaluate("document.cookie"), "the session cookie is HttpOnly");
            assertTrue(browser.evaluate("document.body.innerText").contains("alice (admin)"));

            // The link is used up: its page still shows, its button no longer logs anyone in.
            assertEquals(200, send("GET", url, null, null).statusCode());
            HttpResponse<String> again = send("POST", url, null, "");
            assertEquals(410, again.statusCode());
            assertTrue(again.body().contains("ssh hiy@HOST -p " + box.sshPort + " dashboard"), again.body());

            browser.submitSoon("header form");
            browser.awaitValue("the logged-out page", "document.title", "Logged out · HIY"::equals);
            browser.navigate("http://hiy.localhost:" + box.httpPort + "/");
            assertTrue(browser.evaluate("document.body.innerText").contains("The dashboard logs you in with your SSH key"));
        }
    }

    @Test
    void aSessionSeesOnlyItsUsersAppsChangesNeedTheFormTokenAndLogoutAllEndsIt() throws Exception {
        String theirs = box.appName("theirs");
        box.git(box.project(theirs, webApp("not bob's")), "push", box.remote(theirs), "main").assertOk();
        Path bob = box.newKey("bob-dash");
        box.addKey("bobdash", bob, false);
        HttpResponse<String> login = send("POST", link(bob), null, "");
        assertEquals(303, login.statusCode());
        assertEquals("/", login.headers().firstValue("Location").orElse(""));
        String set = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/"), set);
        String cookie = sessionCookie(login);

        HttpResponse<String> page = send("GET", "/", cookie, null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("You have no apps yet") && !page.body().contains(theirs), page.body());
        assertTrue(page.body().contains("bobdash</span>"), page.body());
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").startsWith("default-src 'none'"));

        assertEquals(403, send("POST", "/logout", cookie, "").statusCode(), "no form token");
        assertEquals(403, send("POST", "/logout", cookie, "csrf=" + "A".repeat(43)).statusCode(), "a wrong one");
        assertEquals(200, send("GET", "/", cookie, null).statusCode(), "still logged in");
        assertEquals(401, send("GET", "/", "hiy_session=" + "A".repeat(43), null).statusCode());
        assertEquals(404, send("GET", "/no/such/page", cookie, null).statusCode());
        assertEquals(405, send("DELETE", "/", cookie, null).statusCode());

        TestBox.Result everyone = box.sshAs(bob, "dashboard:logout-all --everyone");
        assertEquals(1, everyone.exit());
        assertTrue(everyone.err().contains("only admins end everyone's dashboard sessions"), everyone.all());
        String ended = box.sshAs(bob, "dashboard:logout-all").assertOk().out();
        assertTrue(ended.contains("Ended 1 dashboard session(s) of bobdash"), ended);
        assertEquals(401, send("GET", "/", cookie, null).statusCode(), "logout-all ended the session");

        // A removed key's user is logged out at once, whatever the cookie says.
        String again = sessionCookie(send("POST", link(bob), null, ""));
        assertEquals(200, send("GET", "/", again, null).statusCode());
        box.ssh("keys:remove bobdash").assertOk();
        assertEquals(401, send("GET", "/", again, null).statusCode());
    }
}
