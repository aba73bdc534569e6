package hiy.repos;

import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * JGit's SSH transport (Apache MINA, loaded only when a webhook fetches over SSH) with one app's deploy key and
 * nothing else: no ~/.ssh, no agent. The host key is taken the first time and must match from then on (kept in
 * sshDir/known_hosts, one per app).
 */
final class DeployKeyTransport implements TransportConfigCallback, AutoCloseable {
    private final SshdSessionFactory factory;

    DeployKeyTransport(DeployKey key, Path sshDir) throws IOException {
        Files.createDirectories(sshDir);
        Files.setPosixFilePermissions(sshDir, PosixFilePermissions.fromString("rwx------"));
        Path config = sshDir.resolve("config");
        if (!Files.exists(config)) {
            Files.writeString(config, "Host *\n  StrictHostKeyChecking accept-new\n");
        }
        factory = new SshdSessionFactoryBuilder().setHomeDirectory(sshDir.toFile()).setSshDirectory(sshDir.toFile())
                .setPreferredAuthentications("publickey").setDefaultKeysProvider(dir -> List.of(key.pair()))
                .build(new JGitKeyCache());
    }

    @Override
    public void configure(Transport transport) {
        if (transport instanceof SshTransport ssh) ssh.setSshSessionFactory(factory);
    }

    @Override
    public void close() {
        factory.close();
    }
}
