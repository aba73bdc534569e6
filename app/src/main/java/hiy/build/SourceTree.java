package hiy.build;

import hiy.model.Procfile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The files of one pushed commit, read from the git object store and never written to the host's disk: HIY reads
 * the few files it needs itself from here, and the build context is streamed from here as a tar in which a
 * symbolic link stays a link. So no link in a repository makes HIY (root, on the host) read or write outside it.
 */
public final class SourceTree {
    private static final int TAR_BLOCK = 512;
    private static final int MAX_LINK_BYTES = 4096;
    /** Procfile, app.json and Dockerfile are held in memory; no real one comes near this. */
    private static final int MAX_TEXT_BYTES = 1024 * 1024;

    private record Entry(String path, FileMode mode, ObjectId id, long size, String linkTarget) { }

    private final ObjectReader reader;
    private final List<Entry> entries;
    private final Map<String, Entry> byPath;
    private final Date commitTime;

    private SourceTree(ObjectReader reader, List<Entry> entries, Date commitTime) {
        this.reader = reader;
        this.entries = entries;
        this.commitTime = commitTime;
        this.byPath = new HashMap<>();
        entries.forEach(e -> byPath.put(e.path(), e));
    }

    /**
     * Reads the commit's tree (names and sizes only, no content) and refuses it, before anything is built, when the
     * context it makes is larger than maxContextBytes or a path or link in it could reach outside the context.
     * The repository must stay open while the tree is used.
     */
    public static SourceTree read(Repository repo, String sha, long maxContextBytes) throws BuildException, IOException {
        ObjectReader reader = repo.newObjectReader();
        List<Entry> entries = new ArrayList<>();
        Set<String> leaves = new HashSet<>();
        // What the tar takes: two end blocks, and per entry a header, room for a long-name header, and the data.
        long bytes = 2L * TAR_BLOCK;
        RevCommit commit;
        try (RevWalk walk = new RevWalk(reader); TreeWalk tree = new TreeWalk(reader)) {
            commit = walk.parseCommit(ObjectId.fromString(sha));
            tree.addTree(commit.getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                String path = tree.getPathString();
                FileMode mode = tree.getFileMode(0);
                ObjectId id = tree.getObjectId(0);
                long size = mode == FileMode.GITLINK || mode == FileMode.SYMLINK ? 0
                        : reader.getObjectSize(id, Constants.OBJ_BLOB);
                bytes += TAR_BLOCK * 3L + roundUp(size);
                // Past the limit only the size is counted, to report it, and nothing more is held in memory.
                if (bytes > maxContextBytes) continue;
                checkPath(path, leaves);
                String link = null;
                if (mode == FileMode.SYMLINK) {
                    link = new String(reader.open(id, Constants.OBJ_BLOB).getCachedBytes(MAX_LINK_BYTES), StandardCharsets.UTF_8);
                    checkLink(path, link);
                }
                entries.add(new Entry(path, mode, id, size, link));
            }
            if (bytes > maxContextBytes) {
                throw new BuildException("the commit's files come to " + megabytes(bytes) + " MB, more than the build"
                        + " context limit of " + megabytes(maxContextBytes) + " MB (HIY_MAX_CONTEXT_MB): keep large"
                        + " files and build output out of git, or ask the admin to raise the limit");
            }
            for (String path : leaves) checkNotBelowLeaf(path, leaves);
        } catch (BuildException | IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
        return new SourceTree(reader, entries, new Date(commit.getCommitTime() * 1000L));
    }

    /** Whether anything (file, link, submodule) has that path in the tree. */
    public boolean has(String path) {
        return byPath.containsKey(path);
    }

    /** Whether a regular file has that path in the tree (a link of that name does not count). */
    public boolean hasFile(String name) {
        Entry e = byPath.get(name);
        return e != null && isFile(e.mode());
    }

    /** The commit's Procfile, parsed; empty without one. A Procfile HIY cannot read is refused with what to fix. */
    public Optional<Procfile> procfile() throws BuildException, IOException {
        Optional<String> text = text("Procfile");
        if (text.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Procfile.parse(text.get()));
        } catch (Procfile.ProcfileError e) {
            throw new BuildException(e.getMessage() + ". Fix the Procfile and push again");
        }
    }

    /**
     * A file at the top of the tree that HIY itself reads (Procfile, app.json, Dockerfile), as UTF-8 text; empty
     * when there is none. A link of that name is refused: its target would be read on the host, not in the repository.
     */
    public Optional<String> text(String name) throws BuildException, IOException {
        Entry e = byPath.get(name);
        if (e == null) return Optional.empty();
        if (e.mode() == FileMode.SYMLINK) {
            throw new BuildException(name + " is a symbolic link (to " + e.linkTarget() + "): HIY reads " + name
                    + " only as a file in the repository; commit the file itself in place of the link");
        }
        if (!isFile(e.mode())) return Optional.empty();
        if (e.size() > MAX_TEXT_BYTES) {
            throw new BuildException(name + " is " + megabytes(e.size()) + " MB, more than HIY reads (1 MB): is it the right file?");
        }
        byte[] bytes = reader.open(e.id(), Constants.OBJ_BLOB).getCachedBytes(MAX_TEXT_BYTES);
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException notText) {
            throw new BuildException(name + " is not UTF-8 text: save it as plain text (UTF-8) and push again");
        }
    }

    /** Streams the context as a tar: files with their git modes, links as links, submodules as empty directories. */
    public void writeTar(OutputStream out) throws IOException {
        writeTar(out, null, null);
    }

    /**
     * The same tar with one more file, written by HIY (a Dockerfile it generated), at a path the tree does not have;
     * extraPath null adds nothing.
     */
    public void writeTar(OutputStream out, String extraPath, String extraText) throws IOException {
        if (extraPath != null && byPath.containsKey(extraPath)) {
            throw new IOException("the commit already has " + extraPath);
        }
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (Entry e : entries) {
            TarArchiveEntry t;
            if (e.mode() == FileMode.SYMLINK) {
                t = new TarArchiveEntry(e.path(), TarConstants.LF_SYMLINK);
                t.setLinkName(e.linkTarget());
            } else if (e.mode() == FileMode.GITLINK) {
                t = new TarArchiveEntry(e.path() + "/");
                t.setMode(0755 | 040000);
            } else {
                t = new TarArchiveEntry(e.path());
                t.setMode(e.mode() == FileMode.EXECUTABLE_FILE ? 0100755 : 0100644);
                t.setSize(e.size());
            }
            t.setModTime(commitTime);
            tar.putArchiveEntry(t);
            if (isFile(e.mode())) reader.open(e.id(), Constants.OBJ_BLOB).copyTo(tar);
            tar.closeArchiveEntry();
        }
        if (extraPath != null) {
            byte[] bytes = extraText.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry t = new TarArchiveEntry(extraPath);
            t.setMode(0100644);
            t.setSize(bytes.length);
            t.setModTime(commitTime);
            tar.putArchiveEntry(t);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
    }

    /**
     * Writes the commit's files into an empty folder, for a tool that builds only from a folder on the host (pack).
     * Every path is plain and none lies below a link (checked when the tree was read), so nothing is written
     * outside dir; links that climb out were refused then, and absolute links are refused here, as on the host
     * they would point at the host's files.
     */
    public void writeTo(Path dir) throws BuildException, IOException {
        for (Entry e : entries) {
            if (e.mode() == FileMode.SYMLINK && e.linkTarget().startsWith("/")) {
                throw new BuildException("the symbolic link " + e.path() + " -> " + e.linkTarget() + " is absolute:"
                        + " this builder works from a folder on the host, where it would point at the host's files;"
                        + " make it relative, or build with a Dockerfile");
            }
        }
        for (Entry e : entries) {
            Path target = dir.resolve(e.path());
            Files.createDirectories(target.getParent());
            if (e.mode() == FileMode.SYMLINK) {
                Files.createSymbolicLink(target, Path.of(e.linkTarget()));
            } else if (e.mode() == FileMode.GITLINK) {
                Files.createDirectory(target);
            } else if (isFile(e.mode())) {
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    reader.open(e.id(), Constants.OBJ_BLOB).copyTo(out);
                }
                if (e.mode() == FileMode.EXECUTABLE_FILE) {
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }

    /** One path of the tree: a file (executable or not), a symbolic link, or a submodule; id names its content. */
    public record Leaf(String path, Kind kind, String id, long size) { }

    public enum Kind { FILE, LINK, SUBMODULE }

    /** Every leaf below the folder prefix ("" for all, else ending in /), in the tree's order. */
    public List<Leaf> leavesUnder(String prefix) {
        List<Leaf> leaves = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.path().startsWith(prefix)) continue;
            Kind kind = e.mode() == FileMode.SYMLINK ? Kind.LINK : e.mode() == FileMode.GITLINK ? Kind.SUBMODULE : Kind.FILE;
            leaves.add(new Leaf(e.path(), kind, e.id().name(), e.size()));
        }
        return leaves;
    }

    /** Streams the content of a file of the tree (never of a link: its target is not read). */
    public void copy(Leaf file, OutputStream out) throws IOException {
        Entry e = byPath.get(file.path());
        if (e == null || !isFile(e.mode())) throw new IOException(file.path() + " is not a file of the commit");
        reader.open(e.id(), Constants.OBJ_BLOB).copyTo(out);
    }

    /** Closes the object reader; the repository is the caller's. */
    public void close() {
        reader.close();
    }

    /**
     * A normal git client never makes such a tree, but a crafted one can (git receives trees unchecked): a tar
     * that names a file below a link of the same tree would be unpacked by Podman, as root, through that link onto
     * the host. So every path must be plain, appear once, and have no file or link among its parents.
     */
    private static void checkPath(String path, Set<String> leaves) throws BuildException {
        if (!leaves.add(path)) throw unsafe(path, "appears twice in the commit");
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) throw unsafe(path, "is not a plain path");
        }
    }

    private static void checkNotBelowLeaf(String path, Set<String> leaves) throws BuildException {
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            if (leaves.contains(path.substring(0, slash))) throw unsafe(path, "lies below a file or symbolic link");
        }
    }

    /**
     * A relative link that climbs out of the checkout is refused (Podman would refuse the whole context without a
     * reason). Absolute links stay links: inside the build they resolve inside the context or the image, never on
     * the host.
     */
    private static void checkLink(String path, String target) throws BuildException {
        if (target.isEmpty() || target.indexOf('\0') >= 0) throw unsafe(path, "is a symbolic link without a target");
        if (target.startsWith("/")) return;
        int depth = path.split("/").length - 1;
        for (String part : target.split("/")) {
            if (part.equals("..")) depth--;
            else if (!part.isEmpty() && !part.equals(".")) depth++;
            if (depth < 0) {
                throw new BuildException("the symbolic link " + path + " -> " + target + " points outside the"
                        + " repository: HIY builds only what is inside it; commit the files themselves in place of the link");
            }
        }
    }

    private static BuildException unsafe(String path, String why) {
        return new BuildException("the commit cannot be built: the path \"" + path + "\" " + why
                + "; rewrite the commit with a normal git client and push again");
    }

    private static boolean isFile(FileMode mode) {
        return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
    }

    private static long roundUp(long size) {
        return (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, bytes % (1024 * 1024) == 0 ? "%.0f" : "%.1f", bytes / (1024.0 * 1024));
    }
}
