package hiy.commands;

import hiy.sshd.Identity;
import hiy.sshd.KeyDirectory;
import hiy.sshd.PublicKeys;
import hiy.store.Users;

import java.security.PublicKey;
import java.util.Optional;

/** Keys as the store has them: a key is known when its SHA256 fingerprint is registered. */
public final class StoredKeys implements KeyDirectory {
    private final Users users;

    public StoredKeys(Users users) {
        this.users = users;
    }

    @Override
    public Optional<Identity> identify(PublicKey key, String fingerprint) {
        return users.keyByFingerprint(fingerprint)
                .flatMap(k -> users.user(k.user()))
                .map(u -> new Identity(u.name(), u.admin(), fingerprint));
    }

    /** Registers a key from its OpenSSH text; refuses malformed, weak and already registered keys. */
    public static PublicKeys.Parsed add(Users users, String name, boolean admin, String keyText) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("\"" + name + "\" is not a valid user name: use letters, digits, '.', '_' or '-' (e.g. alice)");
        }
        PublicKeys.Parsed parsed = PublicKeys.parse(keyText);
        users.keyByFingerprint(parsed.fingerprint()).ifPresent(existing -> {
            throw new IllegalArgumentException("key " + parsed.fingerprint() + " is already registered for "
                    + existing.user() + "; each key belongs to one user");
        });
        users.addKey(name, admin, new Users.Key(parsed.fingerprint(), name, parsed.type(), parsed.line()));
        return parsed;
    }
}
