package hiy.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data dir is the owner's alone, and secrets an older HIY left wider are tightened at start. */
class DataDirTest {
    @TempDir
    Path tmp;

    @Test
    void theLayoutIsOwnerOnlyAndOlderWiderSecretsAreTightened() throws Exception {
        Path root = tmp.resolve("data");
        DataDir first = DataDir.prepare(root);
        for (Path p : new Path[] {root, first.repos(), first.buildLogs().getParent(), first.buildLogs(), first.caddy()}) {
            assertEquals("rwx------", mode(p), p.toString());
        }

        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(first.buildLogs(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = Files.writeString(first.buildLogs().resolve("blog-1.log"), "build output\n");
        Files.writeString(first.hostKey(), "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        for (Path p : new Path[] {log, first.hostKey()}) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));

        DataDir again = DataDir.prepare(root);
        assertEquals("rwx------", mode(root));
        assertEquals("rwx------", mode(again.buildLogs()));
        assertEquals("rw-------", mode(log));
        assertEquals("rw-------", mode(again.hostKey()));
    }

    /** `hiy keys add` prepares the data dir while the server may be receiving a push: that push's pack stays. */
    @Test
    void preparingLeavesPartialPushesAloneAndOnlyTheStartRemovesThem() throws Exception {
        Path root = tmp.resolve("data");
        DataDir data = DataDir.prepare(root);
        Path objects = Files.createDirectories(data.repos().resolve("blog.git/objects"));
        Path receiving = Files.write(objects.resolve("incoming_123.pack"), new byte[1024]);
        DataDir.prepare(root);
        assertTrue(Files.exists(receiving), "a push under way keeps its pack");
        data.removeLeftovers();
        assertFalse(Files.exists(receiving), "a dead HIY's partial pack goes at the next start");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
