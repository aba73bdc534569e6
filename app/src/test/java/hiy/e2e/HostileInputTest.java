package hiy.e2e;

import hiy.store.Database;
import hiy.store.Domains;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static hiy.e2e.TestBox.webApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user holding a granted key may type at the SSH door and what it must not get them: no file read through
 * an argument, no stack trace, no name of another app's, no forged audit line, nothing driving the admin's terminal.
 */
@Tag("e2e")
class HostileInputTest {
    static TestBox box;
    /** A non-admin user with no app: the weakest key that can log in. */
    static Path bobKey;
    static String bob;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "8", "HIY_STOP_GRACE", "5"));
        bob = "bob-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        bobKey = box.newKey(bob);
        box.addKey(bob, bobKey, false);
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    private static void assertNoStackTrace(TestBox.Result r) {
        assertFalse(r.all().contains("\tat ") || r.all().contains("Exception") || r.all().contains("picocli."),
                "no Java stack trace reaches the client: " + r.all());
    }

    private static void assertRefused(TestBox.Result r, String message) {
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains(message), "expected \"" + message + "\" in: " + r.err());
        assertNoStackTrace(r);
    }

    @Test
    void anArgumentStartingWithAtIsLiteralAndNoFileIsRead() throws Exception {
        String marker = "SECRET-" + System.nanoTime();
        Path secret = Files.writeString(box.root.resolve("secret.txt"), marker + "\n");
        Path identity = box.dataDir.resolve("age-identity.txt");
        assertTrue(Files.readString(identity).contains("AGE-SECRET-KEY-"), "the box has a secret worth stealing");

        for (String line : List.of("version @" + secret, "apps @" + secret, "apps @" + identity,
                "apps:create @" + secret, "help @" + secret)) {
            TestBox.Result r = box.sshAs(bobKey, line);
            assertFalse(r.all().contains(marker) || r.all().contains("AGE-SECRET-KEY"), line + " leaked the file: " + r.all());
            assertNoStackTrace(r);
        }
        TestBox.Result version = box.sshAs(bobKey, "version @" + secret);
        assertRefused(version, "'@" + secret + "'");

        String app = box.appName("literal");
        box.ssh("apps:create " + app).assertOk();
        box.ssh("config:set " + app + " X=@" + secret + " --no-restart").assertOk();
        assertEquals("@" + secret + "\n", box.ssh("config:get " + app + " X").assertOk().out());
        TestBox.Result pair = box.ssh("config:set " + app + " @" + secret + " --no-restart");
        assertRefused(pair, "\"@" + secret + "\" has no '='");
        assertFalse(pair.all().contains(marker), pair.all());
    }

    @Test
    void anAtDirectoryGetsAMessageNotAStackTrace() throws Exception {
        for (String line : List.of("version @" + box.root, "apps @" + box.dataDir)) {
            assertRefused(box.sshAs(bobKey, line), "Usage: ssh hiy@HOST -p " + box.sshPort + " " + line.split(" ")[0] + " --help");
        }
        assertRefused(box.sshAs(bobKey, "config:get @/ @/"), "no app named @/");
    }

    @Test
    void aNulByteInAnyArgumentIsRefusedWithOneMessage() throws Exception {
        String app = box.appName("nul");
        box.ssh("apps:create " + app).assertOk();
        // OpenSSH cannot send a NUL (its command line is a C string); MINA's client sends the bytes as given.
        KeyPair key = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
        Path keyFile = box.root.resolve("key-nul");
        Files.writeString(Path.of(keyFile + ".pub"), PublicKeyEntry.toString(key.getPublic()) + "\n");
        box.addKey("nul-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36), keyFile, true);

        for (String line : List.of("run " + app + " -- echo a\0b", "config:set " + app + " A=x\0y --no-restart",
                "apps:create x\0y", "git-upload-pack '" + app + "\0'")) {
            Exec r = exec(key, line);
            assertEquals(1, r.exit(), line + ": " + r.err());
            assertTrue(r.err().contains("the command contains a NUL byte"), r.err());
            assertFalse(r.err().contains("podman-init") || r.err().contains("Exception"), r.err());
        }
        assertTrue(box.ssh("config " + app).assertOk().out().contains("has no config vars"), "nothing was stored");
        assertTrue(box.ssh("apps").assertOk().out().lines().noneMatch(l -> l.startsWith("x")), "no app x…y was created");
        assertEquals("", box.oneOffs(app), "no container was started");
    }

    @Test
    void helpAndEveryHintGiveAPushUrlGitAccepts() throws Exception {
        String help = box.ssh("help").assertOk().out();
        assertTrue(help.contains("git remote add hiy ssh://hiy@HOST:" + box.sshPort + "/APP "), help);
        assertFalse(help.contains("ssh://hiy@HOST -p"), help);
        String app = box.appName("url");
        String created = box.ssh("apps:create " + app).assertOk().out();
        assertTrue(created.contains("git push ssh://hiy@HOST:" + box.sshPort + "/" + app + " main"), created);
        TestBox.Result run = box.ssh("run " + app + " -- true");
        assertRefused(run, "deploy it first: git push ssh://hiy@HOST:" + box.sshPort + "/" + app + " main");
    }

    @Test
    void reservedNamesAreRefusedForAppsCreateAndAFirstPush() throws Exception {
        for (String name : List.of("hiy", "www", "api", "admin", "caddy", "localhost")) {
            assertRefused(box.ssh("apps:create " + name), "\"" + name + "\" is reserved");
            assertTrue(box.ssh("apps:create " + name).err().contains("choose another app name"));
        }
        Path src = box.project("reserved", webApp("reserved"));
        // A side branch: were the name not refused, nothing would be built.
        TestBox.Result push = box.git(src, "push", box.remote("hiy"), "HEAD:refs/heads/side");
        assertNotEquals(0, push.exit(), push.all());
        assertTrue(push.err().contains("\"hiy\" is reserved"), push.err());
        assertFalse(Files.exists(box.dataDir.resolve("repos/hiy.sshd")), "no repository was made");
        String audit = box.ssh("audit hiy").assertOk().out();
        assertTrue(audit.lines().anyMatch(l -> l.matches(".* push +hiy +refused: reserved name")), "the refusal is audited: " + audit);
        assertFalse(box.ssh("apps").out().lines().anyMatch(l -> l.startsWith("hiy ") || l.startsWith("www ")));
    }

    @Test
    void theAuditShowsWhatWasTypedEscapedAndCut() throws Exception {
        String forged = "1999-01-01T00:00:00Z  alice  SHA256:forged  /203.0.113.9:1  apps:destroy blog  blog  ok";
        String typed = "x\n" + forged + "\u001b[2J\u001b]0;pwned\u0007";
        TestBox.Result refused = box.sshAs(bobKey, "apps:create '" + typed + "'");
        assertRefused(refused, "only admins can create apps");
        box.sshAs(bobKey, "apps:create " + "y".repeat(5000)).exit();

        String audit = box.ssh("audit -n 5").assertOk().out();
        assertFalse(audit.lines().anyMatch(l -> l.startsWith("1999-")), "the forged line is no entry: " + audit);
        assertFalse(audit.contains("\u001b") || audit.contains("\u0007"), "no control byte reaches the terminal: " + audit);
        assertTrue(audit.contains("apps:create x\\n1999-01-01T00:00:00Z") && audit.contains("\\x1b[2J\\x1b]0;pwned\\x07"),
                audit);
        String cut = audit.lines().filter(l -> l.contains("apps:create yyy")).findFirst().orElseThrow();
        assertTrue(cut.contains("y".repeat(188) + "…[cut, 5012 chars]") && cut.length() < 700, cut);
        assertFalse(cut.contains("y".repeat(201)), cut);
    }

    @Test
    void configShowsControlCharactersEscaped() throws Exception {
        String app = box.appName("escape");
        box.ssh("apps:create " + app).assertOk();
        box.ssh("config:set " + app + " GREETING='\u001b[2Jhi\nthere' --no-restart").assertOk();
        String config = box.ssh("config " + app).assertOk().out();
        assertEquals("GREETING=\\x1b[2Jhi\\nthere\n", config);
        assertEquals("\u001b[2Jhi\nthere\n", box.ssh("config:get " + app + " GREETING").assertOk().out(),
                "config:get prints the exact value, for scripts");
    }

    @Test
    void aNameUnderTheDomainBelongsToTheAppItNamesEvenBeforeItExists() throws Exception {
        // The squatter sorts before the later app, so a route of its would be the one Caddy matches first.
        String squatter = box.appName("aaa-squat");
        String later = box.appName("zzz-later");
        String hidden = box.appName("hidden");
        box.ssh("apps:create " + hidden).assertOk();
        box.git(box.project(squatter, webApp("squatter")), "push", box.remote(squatter), "main").assertOk();
        box.ssh("access:grant " + squatter + " " + bob).assertOk();

        TestBox.Result squat = box.sshAs(bobKey, "domains:add " + squatter + " " + later + ".localhost");
        assertRefused(squat, later + ".localhost belongs to the app named " + later + ", whether or not it exists");
        TestBox.Result onHidden = box.sshAs(bobKey, "domains:add " + squatter + " " + hidden + ".localhost");
        assertEquals(squat.err().replace(later, "APP"), onHidden.err().replace(hidden, "APP"),
                "the refusal is the same whether the app exists or not: " + onHidden.err());
        assertRefused(box.ssh("domains:add " + squatter + " www." + later + ".localhost"), "belongs to the app named " + later);
        assertRefused(box.ssh("domains:add " + squatter + " hiy.localhost"), "belongs to the app named hiy");
        assertRefused(box.sshAs(bobKey, "domains:add " + squatter + " www.example.test"), "only admins can route a name outside");
        assertRefused(box.sshAs(bobKey, "domains:add " + squatter + " " + squatter + ".localhost"), "own name already");

        String own = "www." + squatter + ".localhost";
        box.sshAs(bobKey, "domains:add " + squatter + " " + own).assertOk();
        assertEquals("squatter\n", box.getHost(own, "/").body(), "a name under the app's own is the app's");

        // A claim stored before this rule (straight into the store) never takes the later app's traffic.
        new Domains(Database.open(box.dataDir.resolve("hiy.db"))).add(squatter, later + ".localhost");
        box.git(box.project(later, webApp("the later app")), "push", box.remote(later), "main").assertOk();
        for (int i = 0; i < 5; i++) assertEquals("the later app\n", box.get(later, "/").body());
        assertFalse(box.ssh("domains " + squatter).assertOk().out().contains(later), "the claim is not routed");
        assertEquals("squatter\n", box.get(squatter, "/").body());
    }

    private record Exec(int exit, String out, String err) { }

    /** One exec request over real SSH with MINA's client, which sends the command bytes exactly as given. */
    private static Exec exec(KeyPair key, String line) throws Exception {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            try (ClientSession session = client.connect("hiy", "127.0.0.1", box.sshPort)
                    .verify(Duration.ofSeconds(10)).getSession()) {
                session.addPublicKeyIdentity(key);
                session.auth().verify(Duration.ofSeconds(10));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                try (ChannelExec channel = session.createExecChannel(line)) {
                    channel.setOut(out);
                    channel.setErr(err);
                    channel.open().verify(Duration.ofSeconds(10));
                    channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(60));
                    Integer status = channel.getExitStatus();
                    return new Exec(status == null ? -1 : status, out.toString(StandardCharsets.UTF_8),
                            err.toString(StandardCharsets.UTF_8));
                }
            }
        }
    }
}
