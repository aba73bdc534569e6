package hiy.e2e;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientUserAuthService;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.ServiceFactory;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.client.session.ClientConnectionServiceFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SSH door under abuse, with HIY in a JVM of its own started with the launcher's flags (its 64 MB heap):
 * floods of connections that never log in, and every refused login logged in one line fail2ban can read.
 */
@Tag("e2e")
class DoorTest {
    /** Longer than the door's 30 s to finish the key exchange, plus MINA's once-a-second check. */
    private static final Duration AUTH_DEADLINE = Duration.ofSeconds(45);
    private static final int PER_ADDRESS = 10;
    private static final int TOTAL = 100;

    static TestBox box;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.startAsProcess(Map.of("HIY_BOOT_TIMEOUT", "8", "HIY_STOP_GRACE", "5",
                "JAVA_TOOL_OPTIONS", String.join(" ", launcherFlags())));
        String log = Files.readString(box.processLog());
        assertTrue(log.contains("Picked up JAVA_TOOL_OPTIONS: ") && log.contains("-Xmx64m"), "HIY runs with a 64 MB heap: " + log);
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    /** The JVM flags infra/hiy starts HIY with, so the test runs under the same heap (the JVM reads them from
     * JAVA_TOOL_OPTIONS). */
    static List<String> launcherFlags() throws IOException {
        String script = Files.readString(Path.of("..", "infra", "hiy"));
        String exec = script.substring(script.lastIndexOf("\nexec "), script.lastIndexOf(" -jar "));
        List<String> flags = Arrays.stream(exec.split("\\s+")).filter(f -> f.startsWith("-X")).toList();
        assertTrue(flags.contains("-Xmx64m"), "infra/hiy sets the heap: " + flags);
        return flags;
    }

    @Test
    void aFloodOfConnectionsThatNeverLogInNeitherStopsHiyNorLocksOutAUser() throws Exception {
        long baseline = sockets();
        try (Flood flood = new Flood()) {
            // One address opens 300 connections: all but PER_ADDRESS are closed at once.
            flood.open(address(2), 300);
            flood.awaitAlive(n -> n <= PER_ADDRESS, Duration.ofSeconds(20));
            assertTrue(flood.closedByServer() >= 300 - PER_ADDRESS, flood.toString());

            // Twenty more addresses keep opening connections (about 600 a second, 2,700 in all) while a user logs in.
            AtomicBoolean stop = new AtomicBoolean();
            Thread flooding = new Thread(() -> {
                try {
                    for (int round = 0; round < 135 && !stop.get(); round++) {
                        for (int a = 3; a < 23; a++) flood.open(address(a), 1);
                        flood.pump(Duration.ofMillis(30));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            flooding.start();
            int logins = 0;
            long slowest = 0;
            try {
                while (logins < 5 || flooding.isAlive()) {
                    long start = System.nanoTime();
                    box.ssh("apps").assertOk();
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(millis < 10_000, "login " + logins + " during the flood took " + millis + " ms");
                    slowest = Math.max(slowest, millis);
                    logins++;
                }
            } finally {
                stop.set(true);
                flooding.join(TimeUnit.MINUTES.toMillis(1));
            }
            assertEquals(300 + 2700, flood.opened(), flood.toString());
            System.out.println("DoorTest: " + flood + " after the flood; " + logins + " logins during it, the slowest "
                    + slowest + " ms");
            assertTrue(box.process().isAlive(), "HIY is up: " + tail());
            flood.awaitAlive(n -> n <= TOTAL, Duration.ofSeconds(20));

            // Those left are closed when their time to log in runs out.
            long waited = System.nanoTime();
            flood.awaitAlive(n -> n == 0, AUTH_DEADLINE);
            System.out.println("DoorTest: the last flood connections closed by HIY after "
                    + (System.nanoTime() - waited) / 1_000_000 + " ms more");
        }
        assertTrue(box.process().isAlive(), "HIY is up: " + tail());
        box.ssh("apps").assertOk();
        Await.until("HIY's open sockets back near the " + baseline + " before", Duration.ofSeconds(20), DoorTest::sockets,
                n -> n <= baseline + 5);

        String log = Files.readString(box.processLog());
        assertTrue(log.contains("from=127.0.0.2:"), log.length() + " chars of log");
        assertTrue(Pattern.compile("ssh auth refused: method=- user=- key=- from=127\\.0\\.0\\.2:\\d+ "
                + "reason=too-many-unauthenticated-from-address").matcher(log).find(), tail());
        assertTrue(Pattern.compile("from=127\\.0\\.0\\.\\d+:\\d+ reason=too-many-unauthenticated$", Pattern.MULTILINE)
                .matcher(log).find(), tail());
        assertTrue(log.contains("reason=auth-timeout"), tail());
        assertTrue(!log.contains("java.lang.OutOfMemoryError"), tail());
    }

    @Test
    void connectionsThatSendMostOfAHugePacketAndWaitAreCutOff() throws Exception {
        try (Flood flood = new Flood()) {
            for (int round = 0; round < 10; round++) {
                for (int a = 30; a < 50; a++) flood.openHalfPacket(address(a));
                flood.pump(Duration.ofMillis(10));
            }
            box.ssh("apps").assertOk();
            // Well before their time to log in runs out: without a bound, each would hold its 256 KB until then.
            flood.awaitAlive(n -> n == 0, Duration.ofSeconds(15));
        }
        assertTrue(box.process().isAlive(), "HIY is up: " + tail());
        box.ssh("apps").assertOk();
        String log = Files.readString(box.processLog());
        assertTrue(Pattern.compile("from=127\\.0\\.0\\.30:\\d+ reason=too-much-data-before-login").matcher(log).find(), tail());
        assertTrue(!log.contains("java.lang.OutOfMemoryError"), tail());
    }

    @Test
    void everyRefusedLoginIsOneLineThatTheDocumentedFail2banFilterCounts() throws Exception {
        Path stranger = box.newKey("stranger-" + System.nanoTime());
        assertEquals(255, box.sshAs(stranger, "apps").exit());
        String fingerprint = TestBox.run(box.root, List.of("ssh-keygen", "-l", "-E", "sha256", "-f", stranger + ".pub"),
                Map.of()).assertOk().out().split(" ")[1];
        List<String> cmd = new ArrayList<>(List.of("ssh", "-i", box.adminKey.toString(), "-o", "IdentitiesOnly=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "BatchMode=yes", "-p", String.valueOf(box.sshPort), "root@127.0.0.1", "apps"));
        assertEquals(255, TestBox.run(box.root, cmd, Map.of()).exit());
        tryPassword("admin", "hunter2");

        Pattern filter = fail2banFilter();
        String quoted = Pattern.quote(fingerprint);
        List<String> expected = List.of(
                "method=publickey user=hiy key=" + quoted + " from=127\\.0\\.0\\.1:\\d+ reason=unknown-key",
                "method=publickey user=root key=SHA256:\\S+ from=127\\.0\\.0\\.1:\\d+ reason=wrong-user",
                "method=password user=admin key=- from=127\\.0\\.0\\.1:\\d+ reason=only-publickey",
                "method=none user=hiy key=- from=127\\.0\\.0\\.1:\\d+ reason=only-publickey");
        String log = Await.until("a refusal line of each kind in the log", Duration.ofSeconds(10),
                () -> Files.readString(box.processLog()),
                l -> expected.stream().allMatch(e -> Pattern.compile(e).matcher(l).find()));
        List<String> refused = log.lines().filter(l -> l.contains("ssh auth refused:")).toList();
        for (String line : refused) {
            assertTrue(line.matches(".* - ssh auth refused: method=\\S+ user=\\S+ key=\\S+ from=\\S+:\\d+ reason=[a-z-]+"),
                    "one shape for every refusal: " + line);
            Matcher m = filter.matcher(line);
            boolean probe = line.contains("method=none user=hiy ");
            assertEquals(!probe, m.find(), "the documented filter counts every refusal but a client's first probe: " + line);
            if (!probe) assertTrue(m.group("host").startsWith("127.0.0."), line);
        }
        assertTrue(!log.contains("hunter2"), "no password reaches the log");
    }

    @Test
    void aConnectionThatAsksToAuthenticateAgainIsCutOff() throws Exception {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier((session, address, key) -> true);
            client.start();
            try (ClientSession session = client.connect("hiy", "127.0.0.1", box.sshPort).verify(10, TimeUnit.SECONDS).getSession()) {
                session.waitFor(EnumSet.of(ClientSession.ClientSessionEvent.WAIT_AUTH), TimeUnit.SECONDS.toMillis(10));
                // Each new start of the service would reset the auth timeout and the count of attempts.
                Buffer again = session.createBuffer(SshConstants.SSH_MSG_SERVICE_REQUEST);
                again.putString("ssh-userauth");
                session.writePacket(again);
                Set<ClientSession.ClientSessionEvent> state = session.waitFor(EnumSet.of(ClientSession.ClientSessionEvent.CLOSED),
                        TimeUnit.SECONDS.toMillis(10));
                assertTrue(state.contains(ClientSession.ClientSessionEvent.CLOSED), "cut off well before the auth timeout: " + state);
            }
        }
        Await.until("the refusal of a second authentication in the log", Duration.ofSeconds(10),
                () -> Files.readString(box.processLog()),
                l -> l.contains("from=127.0.0.1:") && l.contains("reason=userauth-restarted"));
    }

    /** Sends a password login as a brute-force tool would; OpenSSH never tries a method the server does not offer. */
    private static void tryPassword(String user, String password) throws Exception {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier((session, address, key) -> true);
            client.setServiceFactories(List.of(new ServiceFactory() {
                @Override public String getName() { return "ssh-userauth"; }
                @Override public Service create(Session session) {
                    return new ClientUserAuthService(session) {
                        @Override
                        protected IoWriteFuture sendInitialAuthRequest(ClientSession s, String service) throws IOException {
                            Buffer buffer = s.createBuffer(SshConstants.SSH_MSG_USERAUTH_REQUEST);
                            buffer.putString(user);
                            buffer.putString(service);
                            buffer.putString("password");
                            buffer.putBoolean(false);
                            buffer.putString(password);
                            return s.writePacket(buffer);
                        }
                    };
                }
            }, ClientConnectionServiceFactory.INSTANCE));
            client.start();
            try (ClientSession session = client.connect(user, "127.0.0.1", box.sshPort).verify(10, TimeUnit.SECONDS).getSession()) {
                session.addPasswordIdentity(password);
                assertTrue(!session.auth().await(10, TimeUnit.SECONDS) || !session.isAuthenticated(), "a password never logs in");
            }
        }
    }

    /** The failregex of docs/install.md as a Java pattern, its {@code <HOST>} a group named host. */
    private static Pattern fail2banFilter() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "install.md"));
        Matcher m = Pattern.compile("^failregex = (.+)$", Pattern.MULTILINE).matcher(doc);
        assertTrue(m.find(), "docs/install.md shows a fail2ban failregex");
        Matcher ignore = Pattern.compile("^ignoreregex = (.+)$", Pattern.MULTILINE).matcher(doc);
        assertTrue(ignore.find(), "docs/install.md shows the ignoreregex");
        String fail = m.group(1).strip().replace("<HOST>", "(?<host>[0-9a-fA-F.:]+)");
        return Pattern.compile("^(?!.*" + ignore.group(1).strip() + ").*" + fail);
    }

    private static InetAddress address(int last) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    }

    /** Sockets HIY's process holds open. */
    private static long sockets() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(box.process().pid()), "fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    private static String tail() throws IOException {
        String log = Files.readString(box.processLog());
        return log.substring(Math.max(0, log.length() - 3000));
    }

    /**
     * Connections from loopback addresses of the test's choosing to HIY's SSH port, as the attack made them: half
     * send an identification line and wait, half send nothing. All reads are drained, so the server's closes are seen.
     */
    static final class Flood implements AutoCloseable {
        private static final byte[] IDENTIFICATION = "SSH-2.0-x\r\n".getBytes(StandardCharsets.US_ASCII);
        private final Selector selector = Selector.open();
        private final ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
        private int opened;
        private int closedByServer;

        Flood() throws IOException {
        }

        synchronized void open(InetAddress from, int count) throws IOException {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open();
                channel.bind(new InetSocketAddress(from, 0));
                channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), box.sshPort));
                if (opened % 2 == 0) channel.write(ByteBuffer.wrap(IDENTIFICATION));
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
                opened++;
            }
        }

        /**
         * A connection that sends its identification line and the first 256 KB of the largest packet MINA accepts,
         * then waits: MINA holds what it got until the packet is complete.
         */
        synchronized void openHalfPacket(InetAddress from) throws IOException {
            SocketChannel channel = SocketChannel.open();
            channel.bind(new InetSocketAddress(from, 0));
            channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), box.sshPort));
            ByteBuffer packet = ByteBuffer.allocate(IDENTIFICATION.length + 4 + 256_000);
            packet.put(IDENTIFICATION).putInt(8 * 32 * 1024 - 64).put((byte) 4);
            packet.position(0);
            while (packet.hasRemaining()) channel.write(packet);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            opened++;
        }

        /** Reads what arrived within the wait; a connection the server closed is closed here too. */
        synchronized void pump(Duration wait) throws IOException {
            if (wait.isZero()) selector.selectNow();
            else selector.select(wait.toMillis());
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel channel = (SocketChannel) key.channel();
                int read;
                try {
                    sink.clear();
                    read = channel.read(sink);
                } catch (IOException reset) {
                    read = -1;
                }
                if (read < 0) {
                    key.cancel();
                    channel.close();
                    closedByServer++;
                }
            }
            selector.selectedKeys().clear();
        }

        synchronized int alive() {
            return opened - closedByServer;
        }

        synchronized int opened() {
            return opened;
        }

        synchronized int closedByServer() {
            return closedByServer;
        }

        void awaitAlive(java.util.function.IntPredicate condition, Duration deadline) throws IOException {
            long end = System.nanoTime() + deadline.toNanos();
            while (!condition.test(alive())) {
                if (System.nanoTime() > end) throw new AssertionError("connections still open: " + this);
                pump(Duration.ofMillis(100));
            }
        }

        @Override
        public synchronized String toString() {
            return opened + " opened, " + closedByServer + " closed by HIY, " + alive() + " open";
        }

        @Override
        public synchronized void close() throws IOException {
            for (SelectionKey key : selector.keys()) key.channel().close();
            selector.close();
        }
    }
}
