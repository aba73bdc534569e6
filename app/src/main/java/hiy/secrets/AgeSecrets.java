package hiy.secrets;

import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519KeyFactory;
import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import hiy.host.OwnerOnly;

import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Config values sealed as age files to one X25519 identity, kept in an identity file that the
 * {@code age} CLI reads too, so an operator can open a value by hand with {@code age -d -i FILE}.
 * Immutable, hence thread-safe: jagged's readers and writers are made per call.
 */
public final class AgeSecrets implements Secrets {
    private static final String SECRET_KEY_PREFIX = "AGE-SECRET-KEY-1";

    private final Path identityFile;
    private final String identity;
    private final String recipient;

    private AgeSecrets(Path identityFile, String identity) {
        this.identityFile = identityFile;
        this.identity = identity;
        this.recipient = recipientOf(identity, identityFile);
    }

    /** Reads the identity file, or creates it with a new identity when there is none yet. */
    public static AgeSecrets openOrCreate(Path identityFile) {
        try {
            return new AgeSecrets(identityFile, Files.exists(identityFile) ? read(identityFile) : create(identityFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secrets identity " + identityFile + ": " + e.getMessage(), e);
        }
    }

    /** The age1… public key; {@code age -e -r RECIPIENT} seals values this instance can open. */
    public String recipient() {
        return recipient;
    }

    @Override
    public byte[] encrypt(String plaintext) {
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (WritableByteChannel channel = new StandardEncryptingChannelFactory().newEncryptingChannel(
                Channels.newChannel(sealed),
                List.of(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipient)))) {
            ByteBuffer payload = ByteBuffer.wrap(plaintext.getBytes(UTF_8));
            while (payload.hasRemaining()) {
                channel.write(payload);
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot encrypt a config value for " + recipient + ": " + e.getMessage(), e);
        }
        return sealed.toByteArray();
    }

    @Override
    public String decrypt(byte[] ciphertext) {
        try (InputStream opened = Channels.newInputStream(new StandardDecryptingChannelFactory().newDecryptingChannel(
                Channels.newChannel(new ByteArrayInputStream(ciphertext)),
                List.of(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity))))) {
            return new String(opened.readAllBytes(), UTF_8);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot decrypt a config value with the identity in " + identityFile
                    + " (" + e.getMessage() + "): it is damaged or was sealed to another key; set the value again", e);
        }
    }

    private static String read(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OwnerOnly.holds(permissions)) {
            throw new IllegalStateException("secrets identity " + file + " is open to group or others ("
                    + PosixFilePermissions.toString(permissions) + "): run " + OwnerOnly.fix(file, false));
        }
        return Files.readAllLines(file, US_ASCII).stream()
                .map(String::strip)
                .filter(line -> line.startsWith(SECRET_KEY_PREFIX))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("secrets identity " + file + " has no "
                        + SECRET_KEY_PREFIX + "… line: restore it from a backup (values sealed to it cannot be opened without it)"));
    }

    /**
     * Writes to a temporary file created owner-only, then renames it into place, so the key is never
     * readable by others and a crash never leaves a half-written identity behind.
     */
    private static String create(Path file) throws IOException {
        KeyPair pair = generateKeyPair();
        String identity = pair.getPrivate().toString();
        String text = "# created: " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n"
                + "# public key: " + pair.getPublic() + "\n"
                + identity + "\n";
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, ".identity", ".tmp", PosixFilePermissions.asFileAttribute(OwnerOnly.FILE));
        try {
            // The umask can only take bits away from the attribute above; this makes it exactly 0600.
            Files.setPosixFilePermissions(temporary, OwnerOnly.FILE);
            Files.writeString(temporary, text, US_ASCII);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return identity;
    }

    private static KeyPair generateKeyPair() {
        try {
            return new X25519KeyPairGenerator().generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate X25519 keys: " + e.getMessage(), e);
        }
    }

    // jagged has no public "public key of this identity" call; translating a key spec that holds
    // the AGE-SECRET-KEY-1… text is its way to derive the age1… recipient.
    private static String recipientOf(String identity, Path file) {
        try {
            return new X25519KeyFactory().translateKey(new SecretKeySpec(identity.getBytes(US_ASCII), "X25519")).toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secrets identity " + file + " holds no valid " + SECRET_KEY_PREFIX
                    + "… key (" + e.getMessage() + "): restore it from a backup", e);
        }
    }
}
