package hiy.doctor;

import hiy.host.ProcFields;
import hiy.store.DataDir;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The box itself: the disk the data dir is on, and memory. */
final class HostChecks {
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private HostChecks() {}

    static void examine(DataDir data, Consumer<Finding> out) {
        out.accept(dataDirDisk(data.root()));
        out.accept(memory());
    }

    private static Finding dataDirDisk(Path root) {
        String fix = "see what is large with du -sh " + root + "/*; remove unused apps with ssh hiy@box apps:destroy"
                + " APP --confirm APP";
        // A data dir not made yet will be on the disk of its nearest existing parent.
        Path existing = root;
        while (!Files.exists(existing) && existing.getParent() != null) existing = existing.getParent();
        try {
            FileStore store = Files.getFileStore(existing);
            return Usage.disk("data dir disk", existing.toString(), store.getTotalSpace(),
                    store.getTotalSpace() - store.getUnallocatedSpace(), fix);
        } catch (IOException e) {
            return Finding.warn("data dir disk", "cannot tell the free space of " + root + ": " + e.getMessage(),
                    "df -h " + root);
        }
    }

    private static Finding memory() {
        try {
            String text = Files.readString(MEMINFO);
            return Usage.memory(ProcFields.bytes(text, "MemTotal").orElse(0),
                    ProcFields.bytes(text, "MemAvailable").orElse(0));
        } catch (IOException e) {
            return Finding.warn("memory", "cannot read " + MEMINFO + ": " + e.getMessage(), "free -m");
        }
    }
}
