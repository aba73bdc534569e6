package hiy.sshd;

import java.security.PublicKey;
import java.util.Optional;

/** Maps an offered public key to a known user; empty for an unknown key. */
public interface KeyDirectory {
    Optional<Identity> identify(PublicKey key, String fingerprint);
}
