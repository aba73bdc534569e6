package hiy.store;

import hiy.config.StartupFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataDirInstanceTest {
    @TempDir
    Path root;

    @Test
    void theInstanceIdIsMadeOnceOwnerOnlyAndKept() throws Exception {
        DataDir data = DataDir.prepare(root);
        String id = data.instance().id();
        assertTrue(id.matches("[0-9a-f]{8}"), id);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.instanceIdFile())));
        assertEquals(id, DataDir.prepare(root).instance().id(), "the same id at every start");
        assertNotEquals(id, DataDir.prepare(root.resolve("other")).instance().id(), "another data dir, another id");
    }

    @Test
    void aDamagedIdStopsTheStartAndIsNotReplaced() throws Exception {
        DataDir data = DataDir.prepare(root);
        Files.writeString(data.instanceIdFile(), "../../etc\n");
        StartupFailure failure = assertThrows(StartupFailure.class, data::instance);
        assertTrue(failure.getMessage().contains(data.instanceIdFile().toString()), failure.getMessage());
        assertEquals("../../etc\n", Files.readString(data.instanceIdFile()));
    }
}
