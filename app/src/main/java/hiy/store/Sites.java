package hiy.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The files of static sites, which Caddy serves itself: DATA/sites/APP/ID, one folder per distinct set of files an
 * app released (ID is a digest of them, so a rollback or a config release uses the folder that is there). A build
 * writes into DATA/sites/.staging first, and a finished folder is moved into place in one rename, so Caddy never
 * serves a half-written site.
 */
public final class Sites {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16,64}");
    private static final String STAGING = ".staging";

    private final Path root;

    public Sites(Path root) {
        this.root = root;
    }

    /** The folder Caddy serves for one of the app's sites. */
    public Path folder(String app, String id) {
        if (!ID.matcher(id).matches()) throw new IllegalArgumentException("not a site id: " + id);
        return root.resolve(app).resolve(id);
    }

    public boolean has(String app, String id) {
        return Files.isDirectory(folder(app, id), LinkOption.NOFOLLOW_LINKS);
    }

    /** A new empty folder to write a site into, beside the sites, so that moving it into place is one rename. */
    public Path stage() throws IOException {
        Path staging = open(root.resolve(STAGING));
        return Files.createTempDirectory(staging, "site-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    /** Moves a staged site into place as the app's site id; a site with that id already there is kept, the copy dropped. */
    public void adopt(String app, Path staged, String id) throws IOException {
        Path target = folder(app, id);
        open(target.getParent());
        if (has(app, id)) {
            DataDir.deleteTree(staged);
            return;
        }
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes a staged site that is not released (its build failed). */
    public void drop(Path staged) throws IOException {
        DataDir.deleteTree(staged);
    }

    /** Removes every site folder of the app but those named. */
    public void keepOnly(String app, Set<String> ids) throws IOException {
        Path dir = root.resolve(app);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
            for (Path site : all) {
                if (!ids.contains(site.getFileName().toString())) DataDir.deleteTree(site);
            }
        }
    }

    /** Removes every site folder of the app (apps:destroy). */
    public void removeAll(String app) throws IOException {
        DataDir.deleteTree(root.resolve(app));
    }

    /** The app's sites under its new name (apps:rename); nothing when it has none. */
    public void rename(String from, String to) throws IOException {
        Path source = root.resolve(from);
        if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) return;
        Files.move(source, open(root).resolve(to), StandardCopyOption.ATOMIC_MOVE);
    }

    /** What a build that died while writing a site left (at HIY's start, before any build). */
    public void removeStaging() throws IOException {
        DataDir.deleteTree(root.resolve(STAGING));
    }

    private static Path open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }
}
