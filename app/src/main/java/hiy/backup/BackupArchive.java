package hiy.backup;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * An HIY backup: a gzip-compressed ustar archive whose first entry is the {@link Manifest} and whose other entries
 * are exactly the files it lists, in its order, each with its size and SHA-256. Reading refuses anything else.
 */
final class BackupArchive {
    private BackupArchive() { }

    /** Writes every allowed file under {@code snapshot} (paths relative to it) as one archive. */
    static Manifest write(Path snapshot, String hiyVersion, String created, String dataDir, List<String> apps,
                          OutputStream sink) throws IOException {
        return write(snapshot, hiyVersion, created, dataDir, apps, List.of(), sink);
    }

    /** As above, the snapshot holding the files of these volumes too (see {@link ArchivePaths#volume}). */
    static Manifest write(Path snapshot, String hiyVersion, String created, String dataDir, List<String> apps,
                          List<Manifest.Volume> volumes, OutputStream sink) throws IOException {
        List<Manifest.Item> items = new ArrayList<>();
        for (Path f : files(snapshot)) {
            String path = snapshot.relativize(f).toString();
            if (!ArchivePaths.allowed(path)) throw new IOException("the snapshot holds a file a backup may not: " + path);
            MessageDigest digest = Manifest.digest();
            long size;
            try (InputStream in = new DigestInputStream(Files.newInputStream(f), digest)) {
                size = in.transferTo(OutputStream.nullOutputStream());
            }
            items.add(new Manifest.Item(path, size, HexFormat.of().formatHex(digest.digest())));
        }
        Manifest manifest = new Manifest(hiyVersion, created, dataDir, apps, volumes, items);
        GZIPOutputStream gzip = new GZIPOutputStream(sink, 64 * 1024) {
            {
                // Git packs are compressed already: fast beats small here.
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
        TarOutput tar = new TarOutput(gzip);
        long now = System.currentTimeMillis() / 1000;
        byte[] m = manifest.bytes();
        tar.file(ArchivePaths.MANIFEST, m.length, now, new ByteArrayInputStream(m));
        for (Manifest.Item i : items) {
            Path f = snapshot.resolve(i.path());
            try (InputStream in = Files.newInputStream(f)) {
                tar.file(i.path(), i.size(), Files.getLastModifiedTime(f).toMillis() / 1000, in);
            }
        }
        tar.finish();
        gzip.finish();
        sink.flush();
        return manifest;
    }

    /**
     * Checks the whole archive while writing its files under {@code into} (an empty directory of the caller's), with
     * directories 0700 and files 0600. Throws {@link ArchiveRefused} at the first thing that is not as the manifest
     * says; the caller then removes what was written.
     */
    static Manifest extract(InputStream raw, Path into) throws IOException {
        TarInput tar = new TarInput(maybeGunzip(raw));
        try {
            TarInput.Entry first = tar.next();
            if (first == null || !first.name().equals(ArchivePaths.MANIFEST)) {
                throw new ArchiveRefused("its first entry is not the HIY backup manifest");
            }
            if (first.size() > Manifest.MAX_BYTES) throw new ArchiveRefused("its manifest is oversize (" + first.size() + " bytes)");
            Manifest manifest = Manifest.parse(tar.content().readAllBytes());
            checkItems(manifest);
            long free = Files.getFileStore(into).getUsableSpace();
            if (manifest.totalBytes() > free) {
                throw new IOException("the archive holds " + manifest.totalBytes() + " bytes and " + into
                        + " has " + free + " free: free some space and run restore again");
            }
            for (Manifest.Item item : manifest.items()) {
                TarInput.Entry e = tar.next();
                if (e == null) throw new ArchiveRefused("it ends before " + item.path() + " (truncated)");
                if (!e.name().equals(item.path())) {
                    throw new ArchiveRefused("it holds " + e.name() + " where its manifest lists " + item.path());
                }
                if (e.size() != item.size()) {
                    throw new ArchiveRefused(e.name() + " is " + e.size() + " bytes, its manifest says " + item.size());
                }
                writeChecked(tar.content(), into, item);
            }
            if (tar.next() != null) throw new ArchiveRefused("it holds more entries than its manifest lists");
            tar.requireEnd();
            return manifest;
        } catch (java.util.zip.ZipException e) {
            throw new ArchiveRefused("its compression is damaged (" + e.getMessage() + ")");
        } catch (EOFException e) {
            throw new ArchiveRefused("it ends early (truncated)");
        }
    }

    private static void checkItems(Manifest manifest) throws ArchiveRefused {
        Set<String> seen = new HashSet<>();
        for (Manifest.Item i : manifest.items()) {
            if (!ArchivePaths.allowed(i.path())) {
                throw new ArchiveRefused("its manifest names " + i.path() + ", which is not a file of an HIY data dir");
            }
            if (!seen.add(i.path())) throw new ArchiveRefused("its manifest lists " + i.path() + " twice");
        }
        if (!seen.contains(ArchivePaths.DATABASE)) throw new ArchiveRefused("it holds no database (" + ArchivePaths.DATABASE + ")");
    }

    private static void writeChecked(InputStream content, Path into, Manifest.Item item) throws IOException {
        Path target = into.resolve(item.path());
        for (Path dir = target.getParent(); !dir.equals(into); dir = dir.getParent()) {
            if (Files.isSymbolicLink(dir)) throw new IOException(dir + " is a link");
        }
        Files.createDirectories(target.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        MessageDigest digest = Manifest.digest();
        try (OutputStream out = Files.newOutputStream(Files.createFile(target,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
            new DigestInputStream(content, digest).transferTo(out);
        }
        if (!HexFormat.of().formatHex(digest.digest()).equals(item.sha256())) {
            throw new ArchiveRefused(item.path() + " does not match its checksum in the manifest (corrupted)");
        }
    }

    private static InputStream maybeGunzip(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        if (a < 0) throw new ArchiveRefused("it is empty");
        if (a == 0x1f && b == 0x8b) {
            try {
                return new BufferedInputStream(new GZIPInputStream(in, 64 * 1024), 64 * 1024);
            } catch (java.util.zip.ZipException | EOFException e) {
                throw new ArchiveRefused("its compression is damaged (" + e.getMessage() + ")");
            }
        }
        return in;
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }
}
