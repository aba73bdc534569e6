package hiy.server;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The data dir and what lives in it. */
public record DataDir(Path root) {
    public Path database() { return root.resolve("hiy.db"); }
    public Path repos() { return root.resolve("repos"); }
    public Path buildLogs() { return root.resolve("logs/builds"); }
    /** Where HIY used to check commits out for builds; builds now stream from git, so anything here is a leftover. */
    public Path work() { return root.resolve("work"); }
    public Path hostKey() { return root.resolve("ssh_host_ecdsa_key"); }
    public Path caddy() { return root.resolve("caddy"); }
    /** The age identity that opens config values; mode 0600. */
    public Path ageIdentity() { return root.resolve("age-identity.txt"); }

    /**
     * Creates the layout, or says why it cannot; and removes what a previous HIY process that died left half-done
     * (no push or build can be under way yet: the SSH door opens after this).
     */
    public static DataDir prepare(Path root) throws StartupFailure {
        DataDir dir = new DataDir(root);
        try {
            for (Path p : new Path[] {root, dir.repos(), dir.buildLogs(), dir.caddy()}) {
                Files.createDirectories(p);
            }
            Path probe = Files.createTempFile(root, ".write-test", "");
            Files.delete(probe);
            deleteTree(dir.work());
            removePartialPushes(dir.repos());
        } catch (IOException e) {
            throw new StartupFailure("data dir " + root + " is not writable (" + e.getMessage() + "): run sudo chown -R "
                    + System.getProperty("user.name") + " " + root + ", or set HIY_DATA_DIR to a directory you own", e);
        }
        return dir;
    }

    /**
     * JGit receives a push into objects/incoming_*.pack (and .idx) and renames it once complete; a receive cut off by
     * the death of HIY leaves them, as large as the push was.
     */
    public static void removePartialPushes(Path repos) throws IOException {
        try (DirectoryStream<Path> all = Files.newDirectoryStream(repos, "*.git")) {
            for (Path repo : all) {
                Path objects = repo.resolve("objects");
                if (!Files.isDirectory(objects, LinkOption.NOFOLLOW_LINKS)) continue;
                try (DirectoryStream<Path> partial = Files.newDirectoryStream(objects, "incoming_*")) {
                    for (Path p : partial) Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Removes a directory and everything below it; nothing if it is absent. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
