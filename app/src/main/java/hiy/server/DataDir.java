package hiy.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The data dir and what lives in it. */
public record DataDir(Path root) {
    public Path database() { return root.resolve("hiy.db"); }
    public Path repos() { return root.resolve("repos"); }
    public Path buildLogs() { return root.resolve("logs/builds"); }
    public Path work() { return root.resolve("work"); }
    public Path hostKey() { return root.resolve("ssh_host_ecdsa_key"); }
    public Path caddy() { return root.resolve("caddy"); }

    /** Creates the layout, or says why it cannot. */
    public static DataDir prepare(Path root) throws StartupFailure {
        DataDir dir = new DataDir(root);
        try {
            for (Path p : new Path[] {root, dir.repos(), dir.buildLogs(), dir.work(), dir.caddy()}) {
                Files.createDirectories(p);
            }
            Path probe = Files.createTempFile(root, ".write-test", "");
            Files.delete(probe);
        } catch (IOException e) {
            throw new StartupFailure("data dir " + root + " is not writable (" + e.getMessage() + "): run sudo chown -R "
                    + System.getProperty("user.name") + " " + root + ", or set HIY_DATA_DIR to a directory you own", e);
        }
        return dir;
    }
}
