package hiy.host;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OwnerOnlyTest {
    @Test
    void nothingForGroupOrOthers() {
        for (String ok : new String[] {"rw-------", "r--------", "rwx------", "---------"}) {
            assertTrue(OwnerOnly.holds(PosixFilePermissions.fromString(ok)), ok);
        }
        for (String wide : new String[] {"rw-r--r--", "rw----r--", "rwx--x---", "rw-----w-", "rwxr-xr-x"}) {
            assertFalse(OwnerOnly.holds(PosixFilePermissions.fromString(wide)), wide);
        }
        assertTrue(OwnerOnly.holds(OwnerOnly.FILE) && OwnerOnly.holds(OwnerOnly.DIR));
    }

    @Test
    void theFixIsTheChmodThatMakesItSo() {
        assertEquals("chmod 600 /d/age-identity.txt", OwnerOnly.fix(Path.of("/d/age-identity.txt"), false));
        assertEquals("chmod 700 /d/repos", OwnerOnly.fix(Path.of("/d/repos"), true));
    }
}
