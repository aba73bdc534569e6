package hiy.backup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The archive format: what it holds comes back byte for byte, and anything damaged or hostile is refused. */
class BackupArchiveTest {
    private static final Map<String, String> FILES = new TreeMap<>(Map.of(
            "hiy.db", "SQLite format 3\0 pretend",
            "age-identity.txt", "AGE-SECRET-KEY-1PRETEND\n",
            "repos/blog.git/HEAD", "ref: refs/heads/main\n",
            "repos/blog.git/packed-refs", "0123456789012345678901234567890123456789 refs/heads/main\n",
            "repos/blog.git/objects/pack/pack-0123456789012345678901234567890123456789.pack", "PACK".repeat(1000),
            "logs/builds/blog-1.log", "-----> Building blog\n",
            "repos/" + "a".repeat(63) + ".git/objects/pack/pack-0123456789012345678901234567890123456789.bitmap", "long name"));

    @TempDir
    Path tmp;

    @Test
    void whatABackupHoldsComesBackByteForByteOwnerOnly() throws Exception {
        byte[] archive = archive();
        Path into = Files.createDirectory(tmp.resolve("into"));
        Manifest m = BackupArchive.extract(new ByteArrayInputStream(archive), into);
        assertEquals(List.of("blog"), m.apps());
        assertEquals("0.1-test", m.hiyVersion());
        for (var f : FILES.entrySet()) {
            Path p = into.resolve(f.getKey());
            assertEquals(f.getValue(), Files.readString(p), f.getKey());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), f.getKey());
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(into.resolve("repos/blog.git/objects/pack"))));
    }

    @Test
    void theManifestNamesEachVolumeWhoseFilesItHolds() throws Exception {
        String tar = "pretend podman volume export";
        Manifest.Item item = new Manifest.Item("volumes/blog/data.tar", tar.length(),
                Manifest.sha256(tar.getBytes(StandardCharsets.UTF_8)));
        Manifest m = new Manifest("0.1-test", "2026-12-02T13:00:00Z", "/old/data", List.of("blog"),
                List.of(new Manifest.Volume("blog", "data")), List.of(item));
        assertEquals(m, Manifest.parse(m.bytes()));
        assertTrue(new String(m.bytes(), StandardCharsets.UTF_8).contains("\nvolume blog data\n"));

        Manifest noFiles = new Manifest("0.1-test", "2026-12-02T13:00:00Z", "/old/data", List.of("blog"),
                List.of(new Manifest.Volume("blog", "data")), List.of());
        ArchiveRefused e = assertThrows(ArchiveRefused.class, () -> Manifest.parse(noFiles.bytes()));
        assertTrue(e.getMessage().contains("names the volume blog data but not its files"), e.getMessage());
        for (String hostile : List.of("volumes/blog/../x.tar", "volumes/blog/Data.tar", "volumes/blog/a-b.tar",
                "volumes/blog/data.tar/x", "volumes/data.tar")) {
            assertTrue(!ArchivePaths.allowed(hostile), hostile);
        }
    }

    @Test
    void theManifestIsTheFirstEntryAndNamesTheVersion() throws Exception {
        TarInput tar = new TarInput(new GZIPInputStream(new ByteArrayInputStream(archive())));
        TarInput.Entry first = tar.next();
        assertEquals("MANIFEST", first.name());
        String text = new String(tar.content().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("HIY backup 1\nversion 0.1-test\n"), text);
        assertTrue(text.contains(" hiy.db\n"), text);
    }

    @Test
    void aTruncatedArchiveIsRefusedWhereverItIsCut() throws Exception {
        byte[] archive = archive();
        for (int cut : new int[] {0, 1, 10, archive.length / 3, archive.length / 2, archive.length - 9, archive.length - 1}) {
            byte[] cutOff = Arrays.copyOf(archive, cut);
            assertRefused(cutOff, "");
        }
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(archive)).readAllBytes();
        for (int cut : new int[] {512, plain.length / 2, plain.length - 1024, plain.length - 1}) {
            assertRefused(Arrays.copyOf(plain, cut), "truncated");
        }
    }

    @Test
    void aCorruptedByteIsRefusedInTheManifestOrInAFile() throws Exception {
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(archive())).readAllBytes();
        byte[] manifest = plain.clone();
        manifest[512 + 40] ^= 1;
        assertRefused(manifest, "corrupted");
        byte[] file = plain.clone();
        file[plain.length - 1024 - 512 - 20] ^= 1;
        assertRefused(file, "checksum");
        byte[] gz = archive();
        gz[gz.length / 2] ^= (byte) 0x55;
        assertRefused(gz, "");
    }

    @Test
    void hostilePathsAreRefused() throws Exception {
        for (String path : List.of("/etc/passwd", "../outside", "repos/blog.git/../../outside", "repos/blog.git/hooks/pre-receive",
                ".ssh/authorized_keys", "repos/Blog.git/HEAD", "hiy.db/", "logs/builds/../../hiy.db")) {
            byte[] tar = tar(List.of(new Entry("hiy.db", "x"), new Entry(path, "evil")), null);
            assertRefused(tar, "not a file of an HIY data dir");
        }
    }

    @Test
    void linksDirectoriesDuplicatesExtrasAndOversizeEntriesAreRefused() throws Exception {
        assertRefused(tar(List.of(new Entry("hiy.db", "x"), new Entry("age-identity.txt", "/etc/shadow")), '2'), "not a regular file");
        assertRefused(tar(List.of(new Entry("hiy.db", "x"), new Entry("age-identity.txt", "")), '1'), "not a regular file");
        assertRefused(tar(List.of(new Entry("hiy.db", "x"), new Entry("age-identity.txt", "")), '5'), "not a regular file");
        assertRefused(tar(List.of(new Entry("hiy.db", "x"), new Entry("hiy.db", "x")), null), "twice");
        byte[] extra = withManifest(List.of(new Entry("hiy.db", "x")), List.of(new Entry("hiy.db", "x"), new Entry("instance-id", "x")));
        assertRefused(extra, "more entries");
        byte[] bigger = withManifest(List.of(new Entry("hiy.db", "x")), List.of(new Entry("hiy.db", "xxxxxxxx")));
        assertRefused(bigger, "bytes, its manifest says");
        byte[] noDb = tar(List.of(new Entry("instance-id", "x")), null);
        assertRefused(noDb, "no database");
        ByteArrayOutputStream notManifest = new ByteArrayOutputStream();
        TarOutput t = new TarOutput(notManifest);
        t.file("hiy.db", 1, 0, new ByteArrayInputStream("x".getBytes()));
        t.finish();
        assertRefused(notManifest.toByteArray(), "first entry is not the HIY backup manifest");
    }

    @Test
    void restoreOfADamagedArchiveLeavesTheTargetEmpty() throws Exception {
        byte[] archive = archive();
        Path file = tmp.resolve("cut.tar.gz");
        Files.write(file, Arrays.copyOf(archive, archive.length * 2 / 3));
        Path target = Files.createDirectory(tmp.resolve("data"));
        assertThrows(ArchiveRefused.class, () -> Restore.into(file, target, freePort(), line -> { }));
        try (Stream<Path> left = Files.list(target)) {
            assertEquals(List.of(), left.toList());
        }
        Path fresh = tmp.resolve("fresh");
        assertThrows(ArchiveRefused.class, () -> Restore.into(file, fresh, freePort(), line -> { }));
        assertTrue(Files.notExists(fresh), "a data dir restore made is gone again");
    }

    @Test
    void restoreRefusesANonEmptyDataDirOrARunningHiyAndChangesNothing() throws Exception {
        Path file = tmp.resolve("ok.tar.gz");
        Files.write(file, archive());
        Path target = Files.createDirectory(tmp.resolve("data"));
        Files.writeString(target.resolve("hiy.db"), "precious");
        Restore.Refused full = assertThrows(Restore.Refused.class, () -> Restore.into(file, target, freePort(), line -> { }));
        assertTrue(full.getMessage().contains("is not empty"), full.getMessage());
        assertEquals("precious", Files.readString(target.resolve("hiy.db")));
        try (Stream<Path> left = Files.list(target)) {
            assertEquals(1, left.count());
        }
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        try (ServerSocket running = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Restore.Refused busy = assertThrows(Restore.Refused.class,
                    () -> Restore.into(file, empty, running.getLocalPort(), line -> { }));
            assertTrue(busy.getMessage().contains("stop HIY before restoring"), busy.getMessage());
        }
        try (Stream<Path> left = Files.list(empty)) {
            assertEquals(0, left.count());
        }
    }

    private void assertRefused(byte[] archive, String why) throws IOException {
        Path into = Files.createTempDirectory(tmp, "into");
        ArchiveRefused e = assertThrows(ArchiveRefused.class, () -> BackupArchive.extract(new ByteArrayInputStream(archive), into));
        assertTrue(e.getMessage().contains(why), "expected \"" + why + "\": " + e.getMessage());
        try (Stream<Path> written = Files.walk(into)) {
            assertTrue(written.noneMatch(p -> p.toString().contains("outside") || p.getFileName().toString().equals("passwd")));
        }
        assertTrue(Files.notExists(tmp.resolve("outside")));
    }

    private byte[] archive() throws IOException {
        Path snapshot = Files.createTempDirectory(tmp, "snapshot");
        for (var f : FILES.entrySet()) {
            Path p = snapshot.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BackupArchive.write(snapshot, "0.1-test", "2026-12-02T13:00:00Z", "/old/data", List.of("blog"), out);
        return out.toByteArray();
    }

    record Entry(String name, String content) { }

    /** An uncompressed archive with a valid manifest of these entries; the last entry gets the tar type given. */
    private static byte[] tar(List<Entry> entries, Character lastType) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarOutput t = new TarOutput(out);
        byte[] m = manifest(entries);
        t.file("MANIFEST", m.length, 0, new ByteArrayInputStream(m));
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            byte[] content = e.content().getBytes(StandardCharsets.UTF_8);
            if (lastType != null && i == entries.size() - 1) {
                byte[] h = TarOutput.header(e.name(), 0, 0);
                h[156] = (byte) lastType.charValue();
                System.arraycopy(e.content().getBytes(StandardCharsets.US_ASCII), 0, h, 157, e.content().length());
                for (int k = 148; k < 156; k++) h[k] = ' ';
                byte[] sum = (String.format("%06o", TarOutput.checksum(h)) + "\0 ").getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(sum, 0, h, 148, 8);
                out.write(h);
            } else {
                t.file(e.name(), content.length, 0, new ByteArrayInputStream(content));
            }
        }
        t.finish();
        return out.toByteArray();
    }

    /** A manifest of {@code listed}, followed by the entries {@code written}. */
    private static byte[] withManifest(List<Entry> listed, List<Entry> written) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarOutput t = new TarOutput(out);
        byte[] m = manifest(listed);
        t.file("MANIFEST", m.length, 0, new ByteArrayInputStream(m));
        for (Entry e : written) {
            byte[] content = e.content().getBytes(StandardCharsets.UTF_8);
            t.file(e.name(), content.length, 0, new ByteArrayInputStream(content));
        }
        t.finish();
        return out.toByteArray();
    }

    private static byte[] manifest(List<Entry> entries) {
        List<Manifest.Item> items = entries.stream().map(e -> {
            byte[] c = e.content().getBytes(StandardCharsets.UTF_8);
            return new Manifest.Item(e.name(), c.length, Manifest.sha256(c));
        }).toList();
        return new Manifest("0.1-test", "2026-12-02T13:00:00Z", "/old/data", List.of("blog"), items).bytes();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
