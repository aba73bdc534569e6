package hiy.sshd;

import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.stream.Collectors;

/** Reads one OpenSSH public key line and refuses what HIY does not accept. */
public final class PublicKeys {
    public static final int MIN_RSA_BITS = 2048;

    public record Parsed(PublicKey key, String type, String fingerprint, String line) { }

    private PublicKeys() { }

    public static Parsed parse(String text) {
        List<String> lines = text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        if (lines.isEmpty()) throw new IllegalArgumentException("no public key found: give one line such as 'ssh-ed25519 AAAA… you@host' (the .pub file)");
        if (text.contains("PRIVATE KEY")) throw new IllegalArgumentException("that is a private key: give the .pub file instead, and keep the private key secret");
        if (lines.size() > 1) throw new IllegalArgumentException("found " + lines.size() + " lines: give exactly one public key");
        String line = lines.get(0);
        AuthorizedKeyEntry entry;
        PublicKey key;
        try {
            entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line);
            if (entry == null) throw new IllegalArgumentException("empty");
            key = entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a valid OpenSSH public key (" + e.getMessage() + "): give one line such as 'ssh-ed25519 AAAA… you@host'");
        }
        refuseOptions(entry);
        if (key == null) throw new IllegalArgumentException("unsupported key type: use ed25519 (ssh-keygen -t ed25519), ecdsa or RSA of at least " + MIN_RSA_BITS + " bits");
        String type = KeyUtils.getKeyType(key);
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new IllegalArgumentException("RSA key of " + rsa.getModulus().bitLength() + " bits is too weak: use at least "
                    + MIN_RSA_BITS + " bits, or better ssh-keygen -t ed25519");
        }
        if (!(type.startsWith("ssh-ed25519") || type.startsWith("ecdsa-") || type.startsWith("ssh-rsa"))) {
            throw new IllegalArgumentException("key type " + type + " is not accepted: use ed25519, ecdsa or RSA");
        }
        return new Parsed(key, type, KeyUtils.getFingerPrint(key), line);
    }

    /**
     * An authorized_keys line may start with options (command=, from=, restrict…). HIY does not apply them, so
     * taking the key without them would grant more than the line says: refuse the line instead.
     */
    private static void refuseOptions(AuthorizedKeyEntry entry) {
        if (entry.getLoginOptions() == null || entry.getLoginOptions().isEmpty()) return;
        String names = entry.getLoginOptions().keySet().stream()
                .map(n -> n.matches("[A-Za-z0-9-]{1,32}") ? n : "?").distinct().sorted()
                .collect(Collectors.joining(", "));
        throw new IllegalArgumentException("the line has authorized_keys options (" + names + ") that HIY does not apply: "
                + "give the key alone, starting with its type (e.g. 'ssh-ed25519 AAAA… you@host'); "
                + "every command of a user is limited by their role and access instead");
    }
}
