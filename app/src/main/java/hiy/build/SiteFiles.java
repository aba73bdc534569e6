package hiy.build;

import hiy.model.BuiltSite;
import hiy.model.LineSink;
import hiy.store.Sites;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Writes a static site's files from the commit to a staging folder, for Caddy to serve. Caddy's file_server follows
 * symbolic links, so only regular files and folders are written (0644, 0755), never a link: a link in the site is
 * left out with a warning line, as is a submodule. Files and folders whose name starts with a dot (.env, .git…,
 * .htpasswd) are left out too, so that no secret committed beside the site is served, except .well-known/, which
 * the web uses (security.txt, app links). Paths were checked when the tree was read: plain, none below a link.
 */
final class SiteFiles {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwxr-xr-x");
    static final String WELL_KNOWN = ".well-known";
    /** How many skipped names a warning line lists. */
    private static final int NAMED = 5;

    private SiteFiles() { }

    /** root: "" for the top of the commit, else a folder ending in /. */
    static BuiltSite write(SourceTree source, String root, Sites sites, LineSink output) throws BuildException, IOException {
        Path staged = sites.stage();
        try {
            return write(source, root, staged, output);
        } catch (BuildException | IOException | RuntimeException e) {
            sites.drop(staged);
            throw e;
        }
    }

    private static BuiltSite write(SourceTree source, String root, Path staged, LineSink output)
            throws BuildException, IOException {
        MessageDigest digest = sha256();
        List<String> links = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        int files = 0;
        for (SourceTree.Leaf leaf : source.leavesUnder(root)) {
            String path = leaf.path().substring(root.length());
            if (hiddenName(path)) {
                hidden.add(leaf.path());
                continue;
            }
            if (leaf.kind() != SourceTree.Kind.FILE) {
                links.add(leaf.path() + (leaf.kind() == SourceTree.Kind.LINK ? " (symbolic link)" : " (submodule)"));
                continue;
            }
            Path target = staged.resolve(path);
            folders(staged, target.getParent());
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                source.copy(leaf, out);
            } catch (IOException e) {
                throw new BuildException("could not write the site's file " + leaf.path() + " (" + e.getMessage()
                        + "): rename it (a name of at most 255 bytes) and push again");
            }
            Files.setPosixFilePermissions(target, FILE);
            digest.update((path + "\0" + leaf.id() + "\n").getBytes(StandardCharsets.UTF_8));
            files++;
        }
        if (!links.isEmpty()) {
            output.line(" !     Not served: " + named(links) + ". A static site is served from its files only;"
                    + " commit the files themselves in place of links and submodules");
        }
        if (!hidden.isEmpty()) {
            output.line("       Not served (names starting with a dot, except " + WELL_KNOWN + "/): " + named(hidden));
        }
        String id = HexFormat.of().formatHex(digest.digest()).substring(0, 32);
        output.line("Wrote " + files + " file" + (files == 1 ? "" : "s") + " of the site");
        return new BuiltSite(staged, id, files);
    }

    /** A dot name anywhere in the path, but .well-known/ at the site's top. */
    static boolean hiddenName(String path) {
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].startsWith(".") && !(i == 0 && parts[i].equals(WELL_KNOWN) && parts.length > 1)) return true;
        }
        return false;
    }

    /** Creates the folders from the staged site's top down to dir, each 0755, none through a link. */
    private static void folders(Path staged, Path dir) throws IOException {
        if (dir.equals(staged) || Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return;
        folders(staged, dir.getParent());
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, DIR);
    }

    private static String named(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(NAMED, names.size())))
                + (names.size() > NAMED ? " and " + (names.size() - NAMED) + " more" : "");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
