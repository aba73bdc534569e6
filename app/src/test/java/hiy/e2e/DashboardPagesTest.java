package hiy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's pages in a real browser (headless Chromium through HIY's Caddy, real Podman): the apps page follows
 * a push from building to running without a reload; an app's page follows its log, changes its config and rolls it
 * back through the API with the session's CSRF token; the box page; a user sees only their apps. Screenshots of each
 * page land in target/dashboard-screenshots.
 */
@Tag("e2e")
class DashboardPagesTest {
    private static final Path SHOTS = Path.of("target", "dashboard-screenshots");
    static TestBox box;
    static DashboardLogin login;

    @BeforeAll
    static void start() throws Exception {
        box = TestBox.start(Map.of());
        login = new DashboardLogin(box);
    }

    @AfterAll
    static void stop() throws Exception {
        if (box != null) box.close();
    }

    /**
     * A page of "page GREETING" (config, default "one") whose CGI /cgi-bin/hit?MARK writes "hit MARK" to its log;
     * extra: a Dockerfile step before the start (a slow build).
     */
    private static Map<String, String> loggingApp(String extra) {
        return Map.of(
                "Dockerfile", "FROM localhost/busybox:latest\nCOPY www /www\n" + extra
                        + "RUN chmod 755 /www/cgi-bin/hit\n"
                        + "CMD echo \"page ${GREETING:-one}\" > /www/index.html && exec httpd -f -p \"$PORT\" -h /www\n",
                "www/cgi-bin/hit", "#!/bin/sh\necho \"hit $QUERY_STRING\" >&2\n"
                        + "printf 'Content-Type: text/plain\\r\\n\\r\\nok\\n'\n");
    }

    private static String text(Browser browser, String selector) throws Exception {
        return browser.evaluate("(document.querySelector('" + selector + "') || {innerText: ''}).innerText");
    }

    @Test
    void aPushShowsOnTheAppsPageFromBuildingToRunningWithoutAReload() throws Exception {
        String app = box.appName("dashlive");
        box.ssh("apps:create " + app).assertOk();
        try (Browser browser = Browser.start()) {
            login.logIn(browser, null);
            browser.evaluate("window.stayed = 'yes'");
            assertTrue(text(browser, "tr[data-app=\"" + app + "\"]").contains("new"));
            Path project = box.project(app, loggingApp("RUN sleep 4\n"));
            CompletableFuture<TestBox.Result> push = pushLater(project, app);
            Set<String> seen = new LinkedHashSet<>();
            String badges = "[...document.querySelectorAll('tr[data-app=\"" + app + "\"] .badge')].map(b => b.textContent).join('+')";
            Await.until(app + " shown running without a build", Duration.ofSeconds(120), () -> {
                String now = browser.evaluate(badges);
                seen.add(now);
                return now;
            }, "running"::equals);
            push.get().assertOk();
            assertTrue(seen.stream().anyMatch(s -> s.contains("building")), "the build was shown: " + seen);
            assertEquals("yes", browser.evaluate("window.stayed"), "the page was not reloaded");
            assertTrue(text(browser, "tr[data-app=\"" + app + "\"]").contains("v1"));
            browser.screenshot(SHOTS.resolve("apps.png"), 1100);
            browser.screenshot(SHOTS.resolve("apps-phone.png"), 390);

            // The app's page shows the running build's log as it is written, and drops it once the build is done.
            browser.navigate(login.base() + "/apps/" + app);
            box.commit(project, Map.of("www/index.html", "two\n"), "second");
            CompletableFuture<TestBox.Result> second = pushLater(project, app);
            browser.awaitValue("the running build's log", "(document.querySelector('pre.build') || {textContent: ''})"
                    + ".textContent", t -> t.contains("sleep 4"));
            browser.screenshot(SHOTS.resolve("app-building.png"), 1100);
            second.get().assertOk();
            browser.awaitValue("v2 shown and the build's log gone", "document.querySelector('h1').innerText + ' '"
                    + " + document.body.innerText.includes('v2 (deploy') + ' ' + !!document.querySelector('pre.build')",
                    t -> t.endsWith("true false") && !t.contains("building"));
        }
    }

    private static CompletableFuture<TestBox.Result> pushLater(Path project, String app) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return box.git(project, "push", box.remote(app), "main");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void theAppPageFollowsTheLogChangesConfigAndRollsBack() throws Exception {
        String app = box.appName("dashapp");
        box.git(box.project(app, loggingApp("")), "push", box.remote(app), "main").assertOk();
        box.awaitPage(app, r -> r.body().contains("page one"), Duration.ofSeconds(60));
        try (Browser browser = Browser.start()) {
            login.logIn(browser, null);
            browser.navigate(login.base() + "/apps/" + app);
            assertTrue(text(browser, "h1").contains(app) && text(browser, "h1").contains("running"), text(browser, "h1"));
            browser.evaluate("window.confirm = () => true; 'ok'");

            // A line the app writes shows within 2 s.
            String mark = "MARK-" + System.nanoTime();
            Await.until("the log follower open", Duration.ofSeconds(30), () -> {
                box.get(app, "/cgi-bin/hit?warmup").statusCode();
                return browser.evaluate("document.getElementById('logs').textContent");
            }, log -> log.contains("hit warmup"));
            long asked = System.nanoTime();
            assertEquals(200, box.get(app, "/cgi-bin/hit?" + mark).statusCode());
            browser.awaitValue("the app's log line in the page", "document.getElementById('logs').textContent",
                    log -> log.contains("hit " + mark));
            long millis = (System.nanoTime() - asked) / 1_000_000;
            assertTrue(millis <= 2000, "the log line took " + millis + " ms to show");
            System.out.println("dashboard: a line the app wrote showed in the page after " + millis + " ms");

            // Scale from the page: a second web process runs, and the filter offers it once the page is read again.
            browser.evaluate("(() => { const f = document.querySelector('form[data-api$=\"/formation\"]');"
                    + " f.web.value = 2; f.requestSubmit(); return 'sent'; })()");
            String scaled = browser.awaitValue("the scale's answer", "document.querySelectorAll('section[data-action]')[0]"
                    + ".querySelector('output').textContent", t -> t.startsWith("Done") || t.startsWith("Refused"));
            assertTrue(scaled.startsWith("Done"), scaled);
            browser.awaitValue("two web processes in the table", "document.querySelector('main table').innerText",
                    t -> t.contains("web.1") && t.contains("web.2"));

            // Config: masked, revealed, changed (a new release), served.
            setConfig(browser, "GREETING", "hola");
            browser.awaitValue("the config release in the table", "document.querySelector('tr[data-release=\"v2\"]')"
                    + " ? document.querySelector('tr[data-release=\"v2\"]').innerText : ''", r -> r.contains("config"));
            box.awaitPage(app, r -> r.body().contains("page hola"), Duration.ofSeconds(60));
            assertEquals("••••••", text(browser, "td[data-key=\"GREETING\"]"));
            browser.evaluate("document.querySelector('button[data-reveal]').click(); 'ok'");
            browser.awaitValue("the revealed value", "document.querySelector('td[data-key=\"GREETING\"]').textContent",
                    "hola"::equals);
            browser.screenshot(SHOTS.resolve("app.png"), 1100);

            // Roll back to v1: its page (and its config) are served again.
            browser.evaluate("document.querySelector('tr[data-release=\"v1\"] button').click(); 'ok'");
            String said = browser.awaitValue("the rollback's answer", "document.querySelectorAll('section[data-action]')[1]"
                    + ".querySelector('output').textContent", t -> t.startsWith("Done") || t.startsWith("Refused"));
            assertTrue(said.startsWith("Done: v3 is live"), said);
            assertEquals("page one", box.get(app, "/").body().strip());
            browser.awaitValue("v3 current in the table", "document.querySelector('tr[data-release=\"v3\"]')"
                    + " ? document.querySelector('tr[data-release=\"v3\"]').innerText : ''", r -> r.contains("current"));
            String audit = box.ssh("audit").assertOk().out();
            assertTrue(audit.lines().anyMatch(l -> l.contains("via dashboard") && l.contains("rollback " + app)), audit);
            browser.screenshot(SHOTS.resolve("app-phone.png"), 390);
        }
    }

    private static void setConfig(Browser browser, String key, String value) throws Exception {
        browser.evaluate("(() => { const f = document.querySelector('form[data-shape=\"config\"]');"
                + " f.key.value = '" + key + "'; f.value.value = '" + value + "'; f.requestSubmit(); return 'sent'; })()");
        String said = browser.awaitValue("the config change's answer", "document.querySelectorAll('section[data-action]')[2]"
                + ".querySelector('output').textContent", t -> t.startsWith("Done") || t.startsWith("Refused"));
        assertTrue(said.startsWith("Done"), said);
    }

    @Test
    void aSessionsChangeNeedsItsCsrfHeaderAndAUserSeesOnlyTheirApps() throws Exception {
        String app = box.appName("dashcsrf");
        box.git(box.project(app, TestBox.webApp("csrf")), "push", box.remote(app), "main").assertOk();
        Path carol = box.newKey("carol-dash");
        box.addKey("caroldash", carol, false);
        String cookie = login.cookie(carol);
        String url = login.base() + "/api/apps/" + app + "/config";
        String json = "{\"X\":\"1\"}";

        assertEquals(404, login.send("GET", login.base() + "/apps/" + app, cookie, null, null, null).statusCode());
        assertEquals(404, login.send("GET", login.base() + "/box", cookie, null, null, null).statusCode());
        assertEquals(404, login.send("GET", url, cookie, null, null, null).statusCode(), "the API by the same rule");
        box.ssh("access:grant " + app + " caroldash").assertOk();
        assertEquals(200, login.send("GET", login.base() + "/apps/" + app, cookie, null, null, null).statusCode());
        assertTrue(login.send("GET", login.base() + "/", cookie, null, null, null).body().contains("/apps/" + app));
        // A broken %-escape (which Java's client will not send; curl sends it as it is) still gets an answer: in a
        // query the HTTP server refuses it before the dashboard sees it, in a form the dashboard does.
        assertEquals("400", curl(cookie, "/apps/" + app + "?part=live&section=%zz"));
        assertEquals("403", curl(cookie, "/logout", "--data", "csrf=%zz"));
        assertEquals(404, login.send("GET", login.base() + "/apps/..%2F" + app, cookie, null, null, null).statusCode());

        HttpResponse<String> noToken = login.send("PUT", url, cookie, "application/json", json, null);
        assertEquals(403, noToken.statusCode());
        assertTrue(noToken.body().contains("X-HIY-CSRF header is missing or stale"), noToken.body());
        HttpResponse<String> wrong = login.send("PUT", url, cookie, "application/json", json, "A".repeat(43));
        assertEquals(403, wrong.statusCode());
        assertFalse(box.ssh("config " + app).assertOk().out().contains("X"), "nothing changed");

        String csrf = csrfOf(login.send("GET", login.base() + "/", cookie, null, null, null).body());
        HttpResponse<String> right = login.send("PUT", url + "?restart=0", cookie, "application/json", json, csrf);
        assertEquals(200, right.statusCode(), right.body());
        assertTrue(box.ssh("config " + app).assertOk().out().contains("X"), "stored");
        assertTrue(box.ssh("audit").assertOk().out().lines()
                .anyMatch(l -> l.contains("caroldash") && l.contains("via dashboard") && l.contains("--no-restart")));
    }

    /** The status curl got for the path through Caddy, sent with the cookie and any further curl arguments. */
    private static String curl(String cookie, String path, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--max-time", "30", "-H", "Host: hiy.localhost", "-b", cookie));
        command.addAll(List.of(more));
        command.add("http://127.0.0.1:" + box.httpPort + path);
        return TestBox.run(Path.of("/"), command, Map.of()).assertOk().out().strip();
    }

    private static String csrfOf(String page) {
        String marker = "<meta name=\"csrf\" content=\"";
        int at = page.indexOf(marker);
        assertTrue(at >= 0, page);
        return page.substring(at + marker.length(), page.indexOf('"', at + marker.length()));
    }

    @Test
    void theBoxPageShowsUsageDisksAndDoctorForAdmins() throws Exception {
        try (Browser browser = Browser.start()) {
            login.logIn(browser, null);
            browser.navigate(login.base() + "/box");
            browser.awaitValue("the box's usage", "document.body.innerText",
                    t -> t.contains("CPU (all cores)") && t.contains("HIY itself"));
            String disks = text(browser, "main table");
            assertTrue(disks.contains("data dir"), disks);
            browser.evaluate("document.querySelector('button[data-load]').click(); 'ok'");
            String doctor = browser.awaitValue("doctor's findings", "document.querySelector('section[data-action] output')"
                    + ".textContent", t -> t.matches("(?s).*[0-9]+ checks: [0-9]+ ok.*"));
            assertTrue(doctor.lines().count() > 3, doctor);
            browser.screenshot(SHOTS.resolve("box.png"), 1100);
        }
    }
}
