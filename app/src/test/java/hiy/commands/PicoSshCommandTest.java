package hiy.commands;

import hiy.sshd.CommandContext;
import hiy.sshd.HostHint;
import hiy.sshd.Identity;
import hiy.sshd.SshCommand;
import hiy.store.Audit;
import hiy.store.Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the SSH client gets from a command whatever goes wrong inside it: a message and an exit status, no trace. */
class PicoSshCommandTest {
    @TempDir
    Path dir;
    private Audit audit;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void openStore() {
        audit = new Audit(Database.open(dir.resolve("hiy.db")));
    }

    @Command(name = "echo", mixinStandardHelpOptions = true, description = "prints its arguments")
    static final class Echo extends HiyCommand {
        @Parameters(arity = "0..*")
        List<String> words = List.of();

        @Override
        protected int execute() {
            out().println(String.join(" ", words));
            return OK;
        }
    }

    @Command(name = "boom", description = "fails the way HIY's own bugs do")
    static final class Boom extends HiyCommand {
        @Override
        protected int execute() {
            throw new IllegalStateException("the store is gone");
        }

        @Override protected String auditAction() { return "boom"; }
    }

    @Command(name = "wipe", description = "only for admins")
    @AdminOnly("wipe things")
    static final class Wipe extends HiyCommand {
        @Override
        protected int execute() {
            out().println("WIPED");
            return OK;
        }

        @Override protected String auditAction() { return "wipe"; }
    }

    private <T extends HiyCommand> int run(Class<T> type, Supplier<T> command, String... args) {
        Door door = new Door(new HostHint(2222), null, null, null, audit);
        CommandContext context = new CommandContext(new Identity("bob", false, "SHA256:x"), "/127.0.0.1:1",
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), null, new CompletableFuture<>());
        return new PicoSshCommand(type, command, door).run(context, List.of(args));
    }

    private String all() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anAtFileArgumentReachesTheCommandAsTyped() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "SECRET-MARKER\n");
        assertEquals(SshCommand.OK, run(Echo.class, Echo::new, "@" + secret, "X=@value"));
        assertEquals("@" + secret + " X=@value\n", out.toString(StandardCharsets.UTF_8));
        assertFalse(all().contains("SECRET-MARKER"));
    }

    @Test
    void anAtDirectoryIsAPlainWord() {
        assertEquals(SshCommand.OK, run(Echo.class, Echo::new, "@" + dir));
        assertEquals("@" + dir + "\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBugInACommandGivesAMessageAndExit2NeverATrace() {
        assertEquals(SshCommand.FAILURE, run(Boom.class, Boom::new));
        assertTrue(all().contains("HIY failed while running boom: the store is gone. This is HIY's fault"), all());
        assertFalse(all().contains("\tat ") || all().contains("Exception"), all());
        assertEquals("exit 2", audit.latest(null, 1).get(0).outcome(), "the failure is audited");
    }

    @Test
    void aBadOptionGivesTheUsageHint() {
        assertEquals(SshCommand.USER_ERROR, run(Boom.class, Boom::new, "--nope"));
        assertTrue(all().contains("Unknown option: '--nope'") && all().contains("ssh hiy@HOST -p 2222 boom --help"), all());
        assertTrue(audit.latest(null, 1).isEmpty(), "a call that only printed usage is not audited");
    }

    @Test
    void helpIsAnsweredWithoutRunningTheBody() {
        assertEquals(SshCommand.OK, run(Echo.class, Echo::new, "--help"));
        assertTrue(all().contains("Usage: ssh hiy@HOST -p 2222 echo"), all());
    }

    @Test
    void anAdminOnlyCommandRefusesOthersBeforeItsBodyRuns() {
        assertEquals(SshCommand.USER_ERROR, run(Wipe.class, Wipe::new));
        assertTrue(all().contains("only admins can wipe things; ask an admin"), all());
        assertFalse(all().contains("WIPED"), all());
        assertEquals("exit 1", audit.latest(null, 1).get(0).outcome(), "the refusal is audited");
    }
}
