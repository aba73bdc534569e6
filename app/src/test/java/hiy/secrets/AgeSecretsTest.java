package hiy.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgeSecretsTest {
    private static final List<String> AWKWARD = List.of(
            "", "with spaces", "\"double\" and 'single' quotes", "a=b=c", "line one\nline two\n",
            "ünïcödé ✓ 日本語 🔑", "postgres://user:p@ss@host:5432/db?sslmode=require");

    @TempDir
    Path dir;

    @Test
    void awkwardValuesSurviveARoundTrip() {
        AgeSecrets secrets = AgeSecrets.openOrCreate(dir.resolve("identity.txt"));
        for (String value : AWKWARD) {
            assertEquals(value, secrets.decrypt(secrets.encrypt(value)));
        }
    }

    @Test
    void identityFileIsCreatedOwnerOnlyInAgeFormatAndReused() throws IOException {
        Path file = dir.resolve("keys/identity.txt");
        AgeSecrets first = AgeSecrets.openOrCreate(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(0).startsWith("# created: "), lines.get(0));
        assertEquals("# public key: " + first.recipient(), lines.get(1));
        assertTrue(lines.get(2).startsWith("AGE-SECRET-KEY-1"), "third line holds the key");
        assertTrue(first.recipient().startsWith("age1"), first.recipient());

        AgeSecrets again = AgeSecrets.openOrCreate(file);
        assertEquals(first.recipient(), again.recipient());
        assertEquals("kept", again.decrypt(first.encrypt("kept")));
    }

    @Test
    void identityOpenToOthersIsRefusedWithTheFix() throws IOException {
        Path file = dir.resolve("identity.txt");
        AgeSecrets.openOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> AgeSecrets.openOrCreate(file));
        assertTrue(refused.getMessage().contains("chmod 600 " + file), refused.getMessage());
    }

    @Test
    void ciphertextDoesNotContainThePlaintext() {
        AgeSecrets secrets = AgeSecrets.openOrCreate(dir.resolve("identity.txt"));
        byte[] plaintext = "correct horse battery staple".getBytes(UTF_8);
        byte[] sealed = secrets.encrypt("correct horse battery staple");
        assertTrue(new String(sealed, 0, 22, UTF_8).startsWith("age-encryption.org/v1\n"), "binary age format");
        for (int i = 0; i + plaintext.length <= sealed.length; i++) {
            assertFalse(Arrays.equals(plaintext, Arrays.copyOfRange(sealed, i, i + plaintext.length)), "plaintext at " + i);
        }
    }

    @Test
    void damagedOrForeignCiphertextIsRefusedClearly() {
        AgeSecrets secrets = AgeSecrets.openOrCreate(dir.resolve("identity.txt"));
        AgeSecrets other = AgeSecrets.openOrCreate(dir.resolve("other.txt"));
        byte[] damaged = secrets.encrypt("value");
        damaged[damaged.length - 1] ^= 1;
        for (byte[] bad : List.of(damaged, other.encrypt("value"), "not age".getBytes(UTF_8), new byte[0])) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> secrets.decrypt(bad));
            assertTrue(refused.getMessage().contains("cannot decrypt a config value"), refused.getMessage());
        }
    }

    @Test
    void theAgeCliOpensWhatWeSealed() throws Exception {
        Path identity = dir.resolve("identity.txt");
        AgeSecrets secrets = AgeSecrets.openOrCreate(identity);
        for (String value : AWKWARD) {
            Path sealed = Files.write(dir.resolve("value.age"), secrets.encrypt(value));
            assertEquals(value, new String(age(null, "-d", "-i", identity.toString(), sealed.toString()), UTF_8));
        }
    }

    @Test
    void weOpenWhatTheAgeCliSealed() throws Exception {
        AgeSecrets secrets = AgeSecrets.openOrCreate(dir.resolve("identity.txt"));
        for (String value : AWKWARD) {
            assertEquals(value, secrets.decrypt(age(value.getBytes(UTF_8), "-e", "-r", secrets.recipient())));
        }
    }

    @Test
    void anIdentityMadeByAgeKeygenIsUsable() throws Exception {
        Path file = dir.resolve("keygen.txt");
        Process keygen = new ProcessBuilder("age-keygen", "-o", file.toString()).redirectErrorStream(true).start();
        String said = new String(keygen.getInputStream().readAllBytes(), UTF_8);
        assertTrue(keygen.waitFor(30, TimeUnit.SECONDS) && keygen.exitValue() == 0, said);
        AgeSecrets secrets = AgeSecrets.openOrCreate(file);
        assertEquals("Public key: " + secrets.recipient(), said.strip());
        assertEquals("v", secrets.decrypt(secrets.encrypt("v")));
    }

    private static byte[] age(byte[] stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("age"));
        command.addAll(List.of(args));
        Process age = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var in = age.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        byte[] out = age.getInputStream().readAllBytes();
        assertTrue(age.waitFor(30, TimeUnit.SECONDS), "age did not finish");
        assertEquals(0, age.exitValue(), "age " + String.join(" ", args));
        return out;
    }
}
