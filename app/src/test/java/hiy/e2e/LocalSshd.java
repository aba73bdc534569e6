package hiy.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A private "GitHub" over SSH for tests: OpenSSH's sshd of its own on a free loopback port, with its own config and
 * host key, letting in only the keys in its authorized_keys file (which the test may rewrite: sshd reads it at each
 * login). Stopped by its PID.
 */
final class LocalSshd implements AutoCloseable {
    final int port;
    final Path authorizedKeys;
    private final Process process;

    private LocalSshd(int port, Path authorizedKeys, Process process) {
        this.port = port;
        this.authorizedKeys = authorizedKeys;
        this.process = process;
    }

    static LocalSshd start(Path dir, String authorizedKey) throws Exception {
        Files.createDirectories(dir);
        Path hostKey = dir.resolve("host_ed25519");
        TestBox.run(dir, List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString()), Map.of()).assertOk();
        Path keys = Files.writeString(dir.resolve("authorized_keys"), authorizedKey + "\n");
        if ("root".equals(System.getProperty("user.name"))) {
            // sshd run by root wants its privilege separation directory, which the Debian package makes at service start.
            Files.createDirectories(Path.of("/run/sshd"));
        }
        int port = TestBox.freePort();
        Path config = Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + hostKey, "AuthorizedKeysFile " + keys,
                "PidFile " + dir.resolve("sshd.pid"), "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                "UsePAM no", "StrictModes no", "PermitRootLogin prohibit-password", "") );
        Process p = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        LocalSshd sshd = new LocalSshd(port, keys, p);
        Await.until("sshd listens on 127.0.0.1:" + port, Duration.ofSeconds(20), () -> {
            if (!p.isAlive()) throw new AssertionError("sshd ended: " + Files.readString(dir.resolve("sshd.log")));
            try (var s = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (java.io.IOException notYet) {
                return false;
            }
        });
        return sshd;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor();
    }
}
