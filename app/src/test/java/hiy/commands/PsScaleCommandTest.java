package hiy.commands;

import hiy.model.BuiltImage;
import hiy.model.Procfile;
import hiy.release.FakeBox;
import hiy.sshd.CommandContext;
import hiy.sshd.HostHint;
import hiy.sshd.Identity;
import hiy.sshd.SshCommand;
import hiy.store.Access;
import hiy.store.Audit;
import hiy.store.Users;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ps:scale as the SSH client sees it, made with only the parts its constructor names, on the switch's fakes: the
 * health-gated scale, the caller's errors, and the app hidden from who may not use it.
 */
class PsScaleCommandTest {
    private static final String APP = "blog";
    private static final Identity ALICE = new Identity("alice", true, "SHA256:a");
    private static final Identity BOB = new Identity("bob", false, "SHA256:b");

    @TempDir
    Path dir;
    private FakeBox box;
    private Door door;
    private Audit audit;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        box = new FakeBox(dir, Map.of());
        box.create(APP);
        HostHint hint = new HostHint(2222);
        audit = new Audit(box.db);
        door = new Door(hint, new AppAccess(box.apps, new Access(box.db), hint.ssh()), new Users(box.db), box.config,
                audit);
        box.releaseSwitch.deploy(APP, new BuiltImage("img-v1", "sha256:img-v1", BuiltImage.DEFAULT_PORT),
                Procfile.parse("web: serve\nworker: work\n"), "abc123", "alice", line -> { });
    }

    @AfterEach
    void tearDown() {
        box.close(APP);
    }

    private int scale(Identity who, String... args) {
        CommandContext context = new CommandContext(who, "/127.0.0.1:1", new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                null, new CompletableFuture<>());
        return new PicoSshCommand(PsScaleCommand.class,
                () -> new PsScaleCommand(box.releases, box.formation, box.releaseSwitch), door)
                .run(context, List.of(args));
    }

    private String all() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void scalingStartsTheNewProcessesAndSaysTheNewScale() {
        assertEquals(SshCommand.OK, scale(ALICE, APP, "web=2", "worker=1"), all());
        assertTrue(all().contains("Scaled in") && all().contains("web=2 worker=1"), all());
        assertEquals(3, box.runtime.running(APP).size(), box.runtime.running(APP).toString());
        assertEquals("ok", audit.latest(APP, 1).get(0).outcome());
    }

    @Test
    void aBadPairIsTheCallersErrorAndChangesNothing() {
        assertEquals(SshCommand.USER_ERROR, scale(ALICE, APP, "web=two"));
        assertTrue(all().contains("\"web=two\" is not TYPE=N: write e.g. web=2 worker=1"), all());
        assertEquals(1, box.formation.quantity(APP, "web"));
        assertEquals(1, box.runtime.running(APP).size(), box.runtime.running(APP).toString());
    }

    @Test
    void toAUserWithoutAccessTheAppDoesNotExist() {
        assertEquals(SshCommand.USER_ERROR, scale(BOB, APP, "web=3"));
        assertTrue(all().contains("no app named blog; list yours with: ssh hiy@HOST -p 2222 apps"), all());
        assertEquals(1, box.runtime.running(APP).size(), box.runtime.running(APP).toString());
    }
}
