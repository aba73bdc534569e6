package hiy.repos;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;

/**
 * A webhook's per-app ed25519 key: its public half goes to the repository's deploy keys, its private half (in
 * OpenSSH's format, sealed at rest like config values) lets HIY fetch a private repository over SSH.
 */
public record DeployKey(KeyPair pair) {
    public static DeployKey generate() {
        try {
            return new DeployKey(KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an ed25519 key: " + e.getMessage(), e);
        }
    }

    /** The private key as OpenSSH writes it, to store sealed. */
    public String privateText(String comment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, comment, null, out);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the deploy key: " + e.getMessage(), e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public static DeployKey read(String privateText) {
        try {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, () -> "deploy key",
                    new ByteArrayInputStream(privateText.getBytes(StandardCharsets.UTF_8)), null);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) throw new IllegalStateException("the stored deploy key holds no key");
            return new DeployKey(it.next());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the stored deploy key: " + e.getMessage()
                    + "; make a new one with webhooks:set", e);
        }
    }

    /** "ssh-ed25519 AAAA… comment", as GitHub's "Add deploy key" and authorized_keys take it. */
    public String publicLine(String comment) {
        return PublicKeyEntry.toString(pair.getPublic()) + " " + comment;
    }
}
