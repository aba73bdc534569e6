package hiy.e2e;

import hiy.commands.Commands;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static hiy.e2e.AccessTest.Expect.NO_APP;
import static hiy.e2e.AccessTest.Expect.ONLY_ADMINS;
import static hiy.e2e.AccessTest.Expect.PASSES;
import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Users, keys and who may use which app, as an admin and two other users see them over real SSH and git. */
@Tag("e2e")
class AccessTest {
    static TestBox box;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "8", "HIY_STOP_GRACE", "5"));
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    private static String uniqueUser(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }

    private static Path pub(Path key) {
        return Path.of(key + ".pub");
    }

    /** The SHA256 fingerprint ssh-keygen itself reports for the key. */
    private static String fingerprint(Path key) throws Exception {
        return TestBox.run(box.root, List.of("ssh-keygen", "-l", "-E", "sha256", "-f", pub(key).toString()), Map.of())
                .assertOk().out().split(" ")[1];
    }

    /** alice (the admin) runs: ssh hiy@box keys:add NAME < file */
    private static TestBox.Result keysAdd(String commandLine, Path input) throws Exception {
        return box.sshAsWithInput(box.adminKey, input, "keys:add " + commandLine);
    }

    /** A new non-admin user with a fresh ed25519 key, registered by alice over SSH; returns the private key. */
    private static Path newUser(String name) throws Exception {
        Path key = box.newKey(name);
        keysAdd(name, pub(key)).assertOk();
        return key;
    }

    private static Path rsaKey(int bits) throws Exception {
        Path key = box.root.resolve("key-rsa" + bits + "-" + System.nanoTime());
        TestBox.run(box.root, List.of("ssh-keygen", "-q", "-t", "rsa", "-b", String.valueOf(bits), "-N", "", "-f", key.toString()),
                Map.of()).assertOk();
        return key;
    }

    private static void assertRefused(TestBox.Result r, String message) {
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains(message), "expected \"" + message + "\" in: " + r.err());
    }

    @Test
    void keysAddReadsOneKeyFromStandardInputAndRefusesBadOnes() throws Exception {
        String bob = uniqueUser("bob");
        Path bobKey = box.newKey(bob);
        TestBox.Result added = keysAdd(bob, pub(bobKey)).assertOk();
        String fp = fingerprint(bobKey);
        assertTrue(added.out().contains("Added key ssh-ed25519 " + fp + " for " + bob + "."), added.out());
        box.sshAs(bobKey, "apps").assertOk();

        String keys = box.ssh("keys").assertOk().out();
        assertTrue(keys.lines().anyMatch(l -> l.matches(bob + " +user +ssh-ed25519 +" + fp.replace("+", "\\+"))), keys);
        assertTrue(keys.lines().anyMatch(l -> l.matches("alice +admin +ssh-ed25519 +SHA256:\\S+")), keys);

        assertRefused(keysAdd(uniqueUser("copy"), pub(bobKey)), "key " + fp + " is already registered for " + bob);

        Path weak = rsaKey(1024);
        assertRefused(keysAdd(uniqueUser("weak"), pub(weak)), "RSA key of 1024 bits is too weak: use at least 2048 bits");

        Path strong = rsaKey(3072);
        String strongUser = uniqueUser("rsa");
        assertTrue(keysAdd(strongUser, pub(strong)).assertOk().out().contains("ssh-rsa " + fingerprint(strong)));

        Path garbage = Files.writeString(box.root.resolve("garbage.pub"), "ssh-ed25519 notbase64!! x@y\n");
        assertRefused(keysAdd(uniqueUser("bad"), garbage), "not a valid OpenSSH public key");
        assertRefused(keysAdd(uniqueUser("priv"), bobKey), "that is a private key: give the .pub file");
        assertRefused(keysAdd(uniqueUser("none"), Path.of("/dev/null")), "no public key found");
        Path huge = Files.writeString(box.root.resolve("huge.pub"), "#".repeat(20_000) + "\n");
        assertRefused(keysAdd(uniqueUser("huge"), huge), "more than 16 KiB on standard input");
        assertRefused(keysAdd("no/slash", pub(box.newKey("slash-" + System.nanoTime()))), "is not a valid user name");
        for (String options : List.of("command=\"echo hi\"", "from=\"10.0.0.1\"", "restrict,command=\"true\"")) {
            Path limited = box.newKey("limited-" + System.nanoTime());
            Path line = Files.writeString(box.root.resolve("limited-" + System.nanoTime() + ".pub"),
                    options + " " + Files.readString(pub(limited)));
            String user = uniqueUser("limited");
            assertRefused(keysAdd(user, line), "authorized_keys options");
            assertNotEquals(0, box.sshAs(limited, "apps").exit(), "a key refused with options " + options + " cannot log in");
            assertFalse(box.ssh("keys").out().contains(user), "nothing of " + options + " was stored");
        }

        assertRefused(box.sshAsWithInput(bobKey, pub(box.newKey("by-bob-" + System.nanoTime())), "keys:add " + uniqueUser("x")),
                "only admins can add keys");
        assertFalse(box.ssh("keys").out().contains("weak-"), "nothing refused was stored");

        box.ssh("keys:remove " + bob).assertOk();
        box.ssh("keys:remove " + strongUser).assertOk();
        assertNotEquals(0, box.sshAs(bobKey, "apps").exit(), "a removed user cannot log in");
    }

    @Test
    void otherUsersSeeOnlyTheAppsGrantedToThem() throws Exception {
        String app = box.appName("shared");
        Path src = box.project(app, webApp("by alice"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        String bob = uniqueUser("bob");
        Path bobKey = newUser(bob);
        String bobFp = fingerprint(bobKey);

        assertFalse(box.sshAs(bobKey, "apps").assertOk().out().contains(app));
        String missing = "nosuch-" + System.nanoTime();
        TestBox.Result hidden = box.sshAs(bobKey, "config " + app);
        assertRefused(hidden, "no app named " + app);
        assertEquals(box.sshAs(bobKey, "config " + missing).err().replace(missing, app), hidden.err(),
                "a hidden app looks exactly like a missing one");
        assertNotEquals(0, box.gitAs(bobKey, src, "push", box.remote(app), "main").exit());
        TestBox.Result clone = box.gitAs(bobKey, box.root, "clone", "-q", box.remote(app), box.root.resolve("c-" + app).toString());
        assertTrue(clone.err().contains("no app named " + app), clone.err());
        String own = box.appName("bobs");
        TestBox.Result create = box.gitAs(bobKey, src, "push", box.remote(own), "main");
        assertNotEquals(0, create.exit());
        assertTrue(create.err().contains("no app named " + own), create.err());
        assertFalse(Files.exists(box.dataDir.resolve("repos/" + own + ".git")), "a non-admin's push creates nothing");
        assertRefused(box.sshAs(bobKey, "apps:create " + own), "only admins can create apps");

        assertTrue(box.ssh("access:grant " + app + " " + bob).assertOk().out().contains(bob + " may now use " + app));
        String access = box.ssh("access " + app).assertOk().out();
        assertTrue(access.lines().anyMatch(l -> l.matches("alice +admin")) && access.lines().anyMatch(l -> l.matches(bob + " +granted")),
                access);
        assertTrue(box.sshAs(bobKey, "apps").assertOk().out().contains(app));
        box.sshAs(bobKey, "config:set " + app + " SET_BY=bob --no-restart").assertOk();
        assertEquals("SET_BY=bob\n", box.sshAs(bobKey, "config " + app).assertOk().out());
        box.commit(src, Map.of("index.html", "by bob\n"), "bob's change");
        box.gitAs(bobKey, src, "push", box.remote(app), "main").assertOk();
        assertEquals("by bob\n", box.get(app, "/").body());
        assertRefused(box.sshAs(bobKey, "apps:destroy " + app + " --confirm " + app), "only admins can destroy apps");

        assertRefused(box.ssh("access:grant " + app + " nobody-" + System.nanoTime()), "no user named nobody-");
        assertRefused(box.ssh("access:grant " + missing + " " + bob), "no app named " + missing);
        assertRefused(box.ssh("access:revoke " + app + " alice"), "alice is an admin and may use every app");

        assertTrue(box.ssh("access:revoke " + app + " " + bob).assertOk().out().contains(bob + " may no longer use " + app));
        assertRefused(box.sshAs(bobKey, "config " + app), "no app named " + app);
        assertNotEquals(0, box.gitAs(bobKey, src, "push", box.remote(app), "main").exit());
        assertFalse(box.ssh("access " + app).out().contains(bob));


        String audit = box.ssh("audit " + app).assertOk().out();
        List<String> lines = audit.lines().toList();
        assertTrue(lines.get(0).matches(".* " + java.util.regex.Pattern.quote(bobFp) + " +/127\\.0\\.0\\.1:\\d+ +push +"
                + app + " +refused: no access"), "a refused push is audited, newest first: " + audit);
        assertTrue(lines.get(1).contains("access:revoke " + app + " " + bob), "newest first: " + audit);
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ +" + bob + " +"
                + bobFp.replace("+", "\\+") + " +/127\\.0\\.0\\.1:\\d+ +push main \\w{7} +" + app + " +deployed")), audit);
        assertTrue(lines.stream().anyMatch(l -> l.contains(" alice ") && l.contains("push main") && l.endsWith("deployed")), audit);
        assertTrue(lines.stream().anyMatch(l -> l.contains(bobFp) && l.contains("config:set " + app + " SET_BY") && l.endsWith(" ok")),
                audit);
        assertTrue(lines.stream().anyMatch(l -> l.contains(bobFp) && l.contains("apps:destroy " + app) && l.endsWith(" exit 1")), "refused commands are audited too: " + audit);
        assertTrue(lines.stream().anyMatch(l -> l.contains("access:grant " + app + " " + bob) && l.endsWith(" ok")), audit);
        assertFalse(audit.contains("by bob"), "the audit never shows values");
        assertEquals(2, box.ssh("audit " + app + " -n 2").assertOk().out().lines().count());
        assertTrue(box.ssh("audit -n 200").assertOk().out().contains("keys:add " + bob + " " + bobFp));
        assertRefused(box.ssh("audit -n 0"), "-n takes a positive number");
        assertRefused(box.sshAs(bobKey, "audit"), "only admins can read the audit log");
        box.ssh("keys:remove " + bob).assertOk();
    }

    @Test
    void keysAreRemovedOneByOneOrWithTheirUserButNeverTheLastAdmin() throws Exception {
        String dora = uniqueUser("dora");
        Path doraKey = box.newKey(dora);
        assertTrue(keysAdd(dora + " --admin", pub(doraKey)).assertOk().out().contains("(admin)"));
        assertTrue(box.ssh("keys").out().lines().anyMatch(l -> l.startsWith(dora + " ") && l.contains(" admin ")));

        String carol = uniqueUser("carol");
        Path carolKey = box.newKey(carol);
        box.sshAsWithInput(doraKey, pub(carolKey), "keys:add " + carol).assertOk();
        Path carolLaptop = box.newKey(carol + "-laptop");
        box.sshAsWithInput(doraKey, pub(carolLaptop), "keys:add " + carol).assertOk();
        String app = box.appName("granted");
        box.sshAs(doraKey, "apps:create " + app).assertOk();
        box.sshAs(doraKey, "access:grant " + app + " " + carol).assertOk();

        String laptopFp = fingerprint(carolLaptop);
        assertTrue(box.ssh("keys:remove " + laptopFp).assertOk().out().contains("Removed key " + laptopFp + " of " + carol));
        assertNotEquals(0, box.sshAs(carolLaptop, "apps").exit());
        assertTrue(box.sshAs(carolKey, "apps").assertOk().out().contains(app), "the other key and the grant stay");

        assertTrue(box.ssh("keys:remove " + carol).assertOk().out().contains("Removed " + carol + " with all their keys and access"));
        assertNotEquals(0, box.sshAs(carolKey, "apps").exit());
        assertFalse(box.ssh("keys").out().contains(carol));
        assertFalse(box.ssh("access " + app).out().contains(carol));
        assertRefused(box.ssh("keys:remove " + carol), "no user named " + carol);
        assertRefused(box.ssh("keys:remove SHA256:nosuchkey"), "no key SHA256:nosuchkey");

        Path aliceLaptop = box.newKey("alice-laptop-" + System.nanoTime());
        assertFalse(keysAdd("alice", pub(aliceLaptop)).assertOk().out().contains("access:grant"), "alice stays an admin");
        box.sshAs(doraKey, "keys:remove " + dora).assertOk();
        assertNotEquals(0, box.sshAs(doraKey, "apps").exit());

        String aliceFp = fingerprint(box.adminKey);
        box.ssh("keys:remove " + fingerprint(aliceLaptop)).assertOk();
        String last = "alice is the last admin who can log in; add another admin first";
        assertRefused(box.ssh("keys:remove " + aliceFp), last);
        assertRefused(box.ssh("keys:remove alice"), last);
        box.ssh("apps").assertOk();
        assertTrue(box.ssh("keys").out().contains(aliceFp));
    }

    @Test
    void revokingAccessOrRemovingAKeyEndsWhatTheUserHasOpen() throws Exception {
        String app = box.appName("opened");
        Path src = box.project(app, Map.of(
                "Dockerfile", "FROM localhost/busybox:latest\nCOPY index.html /www/index.html\n"
                        + "CMD echo booted; exec httpd -f -p \"$PORT\" -h /www\n",
                "index.html", "open\n"));
        box.git(src, "push", box.remote(app), "main").assertOk();
        String bob = uniqueUser("bob");
        Path desk = newUser(bob);
        Path laptop = box.newKey(bob + "-laptop");
        keysAdd(bob, pub(laptop)).assertOk();
        box.ssh("access:grant " + app + " " + bob).assertOk();

        List<Process> started = new ArrayList<>();
        try {
            TestBox.BackgroundPush follow = open(started, desk, "logs " + app + " -f", "booted");
            TestBox.BackgroundPush oneOff = open(started, laptop, "run " + app + " -- sh -c 'echo started; exec sleep 600'", "started");
            TestBox.Result revoked = box.ssh("access:revoke " + app + " " + bob).assertOk();
            assertTrue(revoked.out().contains("Ended 2 open SSH sessions of " + bob + "."), revoked.out());
            assertEnds(follow, "logs -f after access:revoke");
            assertEnds(oneOff, "run after access:revoke");
            Await.until("the one-off container is removed", Duration.ofSeconds(30), () -> box.oneOffs(app), String::isEmpty);
            assertRefused(box.sshAs(desk, "logs " + app), "no app named " + app);

            box.ssh("access:grant " + app + " " + bob).assertOk();
            TestBox.BackgroundPush onDesk = open(started, desk, "logs " + app + " -f", "booted");
            TestBox.BackgroundPush onLaptop = open(started, laptop, "logs " + app + " -f", "booted");
            TestBox.Result removed = box.ssh("keys:remove " + fingerprint(laptop)).assertOk();
            assertTrue(removed.out().contains("Ended 1 open SSH session of " + bob + "."), removed.out());
            assertEnds(onLaptop, "the removed key's logs -f");
            assertTrue(onDesk.process().isAlive(), "the session of bob's other key stays: " + onDesk.text());

            assertTrue(box.ssh("keys:remove " + bob).assertOk().out().contains("Ended 1 open SSH session of " + bob + "."));
            assertEnds(onDesk, "logs -f after keys:remove of the user");
        } finally {
            started.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void aMultiplexedSessionThatRemovedItsOwnKeyRunsNothingMore() throws Exception {
        String eve = uniqueUser("eve");
        Path key = box.newKey(eve);
        keysAdd(eve + " --admin", pub(key)).assertOk();
        Path control = box.root.resolve("cm-" + Long.toString(System.nanoTime(), 36));
        List<String> ssh = List.of("ssh", "-i", key.toString(), "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-S", control.toString(),
                "-p", String.valueOf(box.sshPort));
        List<String> master = new ArrayList<>(ssh);
        master.addAll(List.of("-M", "-N", "hiy@127.0.0.1"));
        Process connection = new ProcessBuilder(master).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Await.until("the master connection is up", Duration.ofSeconds(30), () -> {
                assertTrue(connection.isAlive(), "the master connection ended: it could not log in");
                return Files.exists(control);
            });
            List<String> apps = new ArrayList<>(ssh);
            apps.addAll(List.of("hiy@127.0.0.1", "apps"));
            TestBox.run(box.root, apps, Map.of()).assertOk();
            List<String> remove = new ArrayList<>(ssh);
            remove.addAll(List.of("hiy@127.0.0.1", "keys:remove " + eve));
            assertTrue(TestBox.run(box.root, remove, Map.of()).assertOk().out().contains("Removed " + eve + " with all their keys"),
                    "the command that removes the key finishes");
            assertTrue(connection.waitFor(20, TimeUnit.SECONDS), "then the connection it came through is closed");
            assertNotEquals(0, TestBox.run(box.root, apps, Map.of()).exit());
        } finally {
            connection.destroyForcibly();
        }
    }

    /** An ssh command as the key's owner, left running until it printed the text. */
    private static TestBox.BackgroundPush open(List<Process> started, Path key, String commandLine, String text) throws Exception {
        TestBox.BackgroundPush command = box.sshInBackground(key, commandLine);
        started.add(command.process());
        command.awaitOutput(text, Duration.ofSeconds(60));
        return command;
    }

    private static void assertEnds(TestBox.BackgroundPush command, String what) throws Exception {
        assertTrue(command.process().waitFor(20, TimeUnit.SECONDS), what + " ends: " + command.text());
        assertNotEquals(0, command.process().exitValue(), what + ": " + command.text());
    }

    /** What a role gets from a command: past the access check, or refused by it with its message. */
    enum Expect {
        PASSES(null), ONLY_ADMINS("only admins"), NO_APP("no app named");

        final String refusal;

        Expect(String refusal) {
            this.refusal = refusal;
        }
    }

    /** One row of the table: the arguments ({app}: an app granted to one user, {new}: a fresh name, {nobody}: no such user). */
    record Row(String args, Expect admin, Expect granted, Expect other) { }

    private static final Map<String, Row> TABLE = new LinkedHashMap<>();

    private static void row(String command, String args, Expect admin, Expect granted, Expect other) {
        TABLE.put(command, new Row(args, admin, granted, other));
    }

    private static void everyone(String command, String args) { row(command, args, PASSES, PASSES, PASSES); }
    private static void appUsers(String command, String args) { row(command, args, PASSES, PASSES, NO_APP); }
    private static void admins(String command, String args) { row(command, args, PASSES, ONLY_ADMINS, ONLY_ADMINS); }

    static {
        everyone("help", "");
        everyone("version", "");
        everyone("apps", "");
        admins("apps:create", "{new}");
        admins("apps:destroy", "{app}");
        admins("apps:rename", "{app} {app}");
        appUsers("config", "{app}");
        appUsers("config:get", "{app} NOPE");
        appUsers("config:set", "{app} ROLE=1 --no-restart");
        appUsers("config:unset", "{app} NOPE --no-restart");
        appUsers("domains", "{app}");
        appUsers("domains:add", "{app} bad_host");
        appUsers("domains:remove", "{app} nothing.example.com");
        appUsers("checks", "{app}");
        appUsers("checks:set", "{app} grace=3s");
        appUsers("logs", "{app} -n 1");
        appUsers("ps", "{app}");
        appUsers("ps:scale", "{app}");
        appUsers("releases", "{app}");
        appUsers("deploy", "{app}");
        appUsers("deploy:image", "{app} BAD:IMAGE:x");
        appUsers("restart", "{app}");
        appUsers("stop", "{app}");
        appUsers("start", "{app}");
        appUsers("rollback", "{app}");
        appUsers("run", "{app} -- true");
        appUsers("apps:report", "{app}");
        admins("keys", "");
        admins("keys:add", "{nobody}");
        admins("keys:remove", "{nobody}");
        admins("access", "{app}");
        admins("access:grant", "{app} {nobody}");
        admins("access:revoke", "{app} {nobody}");
        admins("audit", "{app}");
        admins("doctor", "");
        everyone("tokens", "");
        everyone("dashboard", "");
        everyone("dashboard:logout-all", "");
        appUsers("tokens:create", "{nobody} --app {app}");
        everyone("tokens:revoke", "{nobody}");
        appUsers("webhooks", "{app}");
        appUsers("webhooks:set", "{app} https://github.invalid/x.git");
        appUsers("webhooks:unset", "{app}");
        appUsers("notify", "{app}");
        appUsers("notify:set", "{app} https://ntfy.invalid/topic --events fail");
        appUsers("notify:unset", "{app} https://ntfy.invalid/nothing");
        admins("backup", "");
        appUsers("builder", "{app}");
        appUsers("builder:dockerfile", "{app}");
        appUsers("builder:set", "{app} auto");
        appUsers("storage", "{app}");
        appUsers("storage:mount", "{app} data:/data");
        appUsers("storage:unmount", "{app} nothing");
        appUsers("storage:report", "{app}");
        appUsers("resources", "{app}");
        appUsers("resources:set", "{app} memory=256M");
        appUsers("labels", "{app}");
        appUsers("labels:set", "{app} team=a");
        appUsers("labels:unset", "{app} team");
        appUsers("maintenance:on", "{app}");
        appUsers("maintenance:off", "{app}");
        row("git push (new app)", "{new}", PASSES, NO_APP, NO_APP);
        appUsers("git push", "{app}");
        appUsers("git clone", "{app}");
    }

    @Test
    void everyCommandHasARowAndEachRoleGetsWhatItSays() throws Exception {
        Set<String> commands = new TreeSet<>(List.of("help", "git push (new app)", "git push", "git clone"));
        for (var entry : Commands.ALL) commands.add(entry.type().getAnnotation(Command.class).name());
        assertEquals(commands, new TreeSet<>(TABLE.keySet()), "every command needs exactly one row in TABLE");

        String app = box.appName("table");
        box.ssh("apps:create " + app).assertOk();
        Path src = box.project(app, webApp("table"));
        box.git(src, "push", box.remote(app), "main:feature").assertOk();
        String granted = uniqueUser("granted");
        Path grantedKey = newUser(granted);
        Path otherKey = newUser(uniqueUser("other"));
        box.ssh("access:grant " + app + " " + granted).assertOk();

        List<String> wrong = new ArrayList<>();
        for (var entry : TABLE.entrySet()) {
            Row row = entry.getValue();
            Map<String, Path> keys = new LinkedHashMap<>();
            keys.put("admin", box.adminKey);
            keys.put("granted", grantedKey);
            keys.put("other", otherKey);
            for (var role : keys.entrySet()) {
                Expect expect = switch (role.getKey()) {
                    case "admin" -> row.admin();
                    case "granted" -> row.granted();
                    default -> row.other();
                };
                String args = row.args().replace("{app}", app).replace("{new}", box.appName("new"))
                        .replace("{nobody}", "nobody-" + System.nanoTime());
                TestBox.Result r = run(entry.getKey(), args, role.getValue(), src);
                String got = r.exit() == 1 && r.err().contains(ONLY_ADMINS.refusal) ? "ONLY_ADMINS"
                        : r.exit() != 0 && r.err().contains(NO_APP.refusal) ? "NO_APP"
                        : r.exit() <= 1 ? "PASSES" : "exit " + r.exit();
                if (!got.equals(expect.name())) {
                    wrong.add(entry.getKey() + " " + args + " as " + role.getKey() + ": expected " + expect + ", got " + got
                            + "\n    " + r.all().strip().replace("\n", "\n    "));
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        box.ssh("keys:remove " + granted).assertOk();
    }

    /** One cell: the command as that key's owner; git pushes a side branch so nothing is built. */
    private static TestBox.Result run(String command, String args, Path key, Path src) throws Exception {
        return switch (command) {
            case "git push (new app)", "git push" -> box.gitAs(key, src, "push", "-f", box.remote(args), "HEAD:refs/heads/side");
            case "git clone" -> box.gitAs(key, box.root, "clone", "-q", box.remote(args),
                    box.root.resolve("clone-" + System.nanoTime()).toString());
            default -> box.sshAs(key, (command + " " + args).strip());
        };
    }

    @Test
    void helpListsEveryCommandAndEachExplainsItself() throws Exception {
        String help = box.ssh("help").assertOk().out();
        for (var entry : Commands.ALL) {
            String name = entry.type().getAnnotation(Command.class).name();
            assertTrue(help.lines().anyMatch(l -> l.strip().startsWith(name + " ")), name + " in help: " + help);
            String own = box.ssh(name + " --help").assertOk().out();
            assertTrue(own.contains("Example: ssh hiy@box " + name) && own.contains("Exit status"), name + ": " + own);
        }
        assertTrue(help.lines().anyMatch(l -> l.contains("keys:add") && l.contains("(admins)")), help);
    }
}
