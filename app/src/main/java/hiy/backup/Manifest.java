package hiy.backup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The first entry of a backup: what it holds, from which HIY, and the size and SHA-256 of every other entry, in
 * archive order. Its last line is the SHA-256 of the lines before it, so a damaged manifest is noticed too.
 * <pre>
 * HIY backup 1
 * version 0.1
 * created 2026-12-02T13:40:00Z
 * data-dir /var/lib/hiy
 * app blog
 * volume blog data
 * file 12288 9f86…  hiy.db
 * end 3a7b…
 * </pre>
 */
record Manifest(String hiyVersion, String created, String dataDir, List<String> apps, List<Volume> volumes,
                List<Item> items) {
    static final String FORMAT = "HIY backup 1";
    /** A manifest of a million entries stays well below this. */
    static final int MAX_BYTES = 128 * 1024 * 1024;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    record Item(String path, long size, String sha256) { }

    /** An app's volume whose files the archive holds, at {@link ArchivePaths#volume}. */
    record Volume(String app, String name) {
        String path() {
            return ArchivePaths.volume(app, name);
        }
    }

    /** A backup without volumes. */
    Manifest(String hiyVersion, String created, String dataDir, List<String> apps, List<Item> items) {
        this(hiyVersion, created, dataDir, apps, List.of(), items);
    }

    byte[] bytes() {
        StringBuilder b = new StringBuilder(FORMAT).append('\n');
        b.append("version ").append(hiyVersion).append('\n');
        b.append("created ").append(created).append('\n');
        b.append("data-dir ").append(dataDir).append('\n');
        for (String app : apps) b.append("app ").append(app).append('\n');
        for (Volume v : volumes) b.append("volume ").append(v.app()).append(' ').append(v.name()).append('\n');
        for (Item i : items) b.append("file ").append(i.size()).append(' ').append(i.sha256()).append(' ').append(i.path()).append('\n');
        String seal = sha256(b.toString().getBytes(StandardCharsets.UTF_8));
        b.append("end ").append(seal).append('\n');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Manifest parse(byte[] bytes) throws ArchiveRefused {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.startsWith(FORMAT + "\n")) {
            throw new ArchiveRefused("its first entry is not an HIY backup manifest of a format this HIY reads (" + FORMAT + ")");
        }
        int endAt = text.lastIndexOf("\nend ");
        if (endAt < 0 || !text.endsWith("\n")) throw new ArchiveRefused("its manifest is incomplete (truncated)");
        String body = text.substring(0, endAt + 1);
        String seal = text.substring(endAt + 5, text.length() - 1);
        if (!seal.equals(sha256(body.getBytes(StandardCharsets.UTF_8)))) {
            throw new ArchiveRefused("its manifest does not match its own checksum (corrupted)");
        }
        String version = null;
        String created = null;
        String dataDir = null;
        List<String> apps = new ArrayList<>();
        List<Volume> volumes = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        for (String line : body.substring(FORMAT.length() + 1).split("\n")) {
            String[] kv = line.split(" ", 2);
            if (kv.length < 2) throw new ArchiveRefused("its manifest has a line it cannot read: " + line);
            switch (kv[0]) {
                case "version" -> version = kv[1];
                case "created" -> created = kv[1];
                case "data-dir" -> dataDir = kv[1];
                case "app" -> apps.add(kv[1]);
                case "volume" -> volumes.add(volume(kv[1]));
                case "file" -> items.add(item(kv[1]));
                default -> throw new ArchiveRefused("its manifest has a line it cannot read: " + line);
            }
        }
        if (version == null || created == null || dataDir == null) throw new ArchiveRefused("its manifest lacks its header");
        Manifest m = new Manifest(version, created, dataDir, List.copyOf(apps), List.copyOf(volumes), List.copyOf(items));
        for (Volume v : m.volumes()) {
            if (m.items().stream().noneMatch(i -> i.path().equals(v.path()))) {
                throw new ArchiveRefused("its manifest names the volume " + v.app() + " " + v.name() + " but not its files");
            }
        }
        return m;
    }

    private static Volume volume(String rest) throws ArchiveRefused {
        String[] f = rest.split(" ", -1);
        if (f.length != 2 || !ArchivePaths.allowed(ArchivePaths.volume(f[0], f[1]))) {
            throw new ArchiveRefused("its manifest has a volume line it cannot read: volume " + rest);
        }
        return new Volume(f[0], f[1]);
    }

    private static Item item(String rest) throws ArchiveRefused {
        String[] f = rest.split(" ", 3);
        if (f.length != 3 || !f[0].matches("[0-9]{1,12}") || !SHA256.matcher(f[1]).matches()) {
            throw new ArchiveRefused("its manifest has a file line it cannot read: file " + rest);
        }
        long size = Long.parseLong(f[0]);
        if (size > TarOutput.MAX_ENTRY) throw new ArchiveRefused("its manifest names an oversize entry: " + f[2]);
        return new Item(f[2], size, f[1]);
    }

    long totalBytes() {
        return items.stream().mapToLong(Item::size).sum();
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }
}
