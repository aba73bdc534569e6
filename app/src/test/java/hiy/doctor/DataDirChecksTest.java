package hiy.doctor;

import hiy.store.DataDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void aDataDirAsHiyPreparesItIsOkAlsoThroughALinkToItButALinkInsideItFails(@TempDir Path tmp) throws Exception {
        Path real = tmp.resolve("srv-hiy");
        DataDir prepared = DataDir.prepare(real);
        Files.writeString(prepared.hostKey(), "key");
        Files.setPosixFilePermissions(prepared.hostKey(), PosixFilePermissions.fromString("rw-------"));
        Path link = Files.createSymbolicLink(tmp.resolve("hiy"), real);
        List<Finding> found = new ArrayList<>();
        DataDirChecks.examine(new DataDir(link), found::add);
        assertEquals(List.of(Finding.Level.OK, Finding.Level.OK), found.stream().map(Finding::level).toList(),
                found.toString());

        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        DataDir.deleteTree(prepared.caddy());
        Files.createSymbolicLink(prepared.caddy(), elsewhere);
        found.clear();
        DataDirChecks.examine(new DataDir(link), found::add);
        assertEquals(Finding.Level.FAIL, found.get(1).level(), found.toString());
        assertTrue(found.get(1).detail().contains("caddy is a symbolic link"), found.toString());
    }

    @Test
    void aMissingDataDirFailsAndIsNotCreated(@TempDir Path tmp) {
        List<Finding> found = new ArrayList<>();
        DataDirChecks.examine(new DataDir(tmp.resolve("none")), found::add);
        assertEquals(Finding.Level.FAIL, found.get(0).level());
        assertTrue(found.get(0).fix().contains("HIY_DATA_DIR"), found.get(0).fix());
        assertFalse(Files.exists(tmp.resolve("none")));
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
