package hiy.doctor;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataDirChecksTest {
    private static final Path ROOT = Path.of("/var/lib/hiy");

    private static DataDirChecks.Entry dir(String name, String owner, String mode) {
        return new DataDirChecks.Entry(name.isEmpty() ? ROOT : ROOT.resolve(name), true, false, owner, mode);
    }

    private static DataDirChecks.Entry file(String name, String owner, String mode) {
        return new DataDirChecks.Entry(ROOT.resolve(name), false, false, owner, mode);
    }

    @Test
    void privateFoldersAndSecretsAreOk() {
        List<DataDirChecks.Entry> entries = List.of(dir("", "hiy", "rwx------"), dir("repos", "hiy", "rwx------"),
                file("age-identity.txt", "hiy", "rw-------"), file("ssh_host_ecdsa_key", "hiy", "r--------"));
        assertEquals(Finding.Level.OK, DataDirChecks.modes(entries).level());
        Finding owner = DataDirChecks.owner("hiy", entries);
        assertEquals(Finding.Level.OK, owner.level());
        assertEquals("/var/lib/hiy and its 3 private entries belong to hiy", owner.detail());
    }

    @Test
    void anIdentityOrHostKeyOpenToOthersFailsWithTheChmodForEach() {
        Finding f = DataDirChecks.modes(List.of(dir("", "hiy", "rwx------"), dir("logs", "hiy", "rwxr-xr-x"),
                file("age-identity.txt", "hiy", "rw-r--r--"), file("ssh_host_ecdsa_key", "hiy", "rw--w----")));
        assertEquals(Finding.Level.FAIL, f.level());
        assertEquals("logs is rwxr-xr-x (group or others may look inside), age-identity.txt is rw-r--r-- (group or"
                + " others may read it), ssh_host_ecdsa_key is rw--w---- (group or others may read it)", f.detail());
        assertEquals("chmod 700 /var/lib/hiy/logs && chmod 600 /var/lib/hiy/age-identity.txt && chmod 600"
                + " /var/lib/hiy/ssh_host_ecdsa_key", f.fix());
    }

    @Test
    void aSymbolicLinkInPlaceOfAPrivateFolderFails() {
        Finding f = DataDirChecks.modes(List.of(dir("", "hiy", "rwx------"),
                new DataDirChecks.Entry(ROOT.resolve("repos"), false, true, "hiy", "rwxrwxrwx")));
        assertEquals(Finding.Level.FAIL, f.level());
        assertTrue(f.detail().contains("repos is a symbolic link"), f.detail());
    }

    @Test
    void somethingOwnedByAnotherUserFailsWithTheChown() {
        Finding f = DataDirChecks.owner("hiy", List.of(dir("", "hiy", "rwx------"),
                file("age-identity.txt", "root", "rw-------")));
        assertEquals(Finding.Level.FAIL, f.level());
        assertEquals("/var/lib/hiy/age-identity.txt belongs to root, not to hiy who owns /var/lib/hiy", f.detail());
        assertEquals("sudo chown -R hiy /var/lib/hiy", f.fix());
    }
}
