package hiy.backup;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the ustar stream {@link TarOutput} writes, and nothing wider: every entry must be a regular file with a valid
 * header checksum, and the stream must end with the two zero blocks. Anything else (a link, a directory, a device, a
 * GNU or pax extension, a cut-off stream) is an {@link ArchiveRefused}.
 */
final class TarInput {
    record Entry(String name, long size) { }

    private final InputStream in;
    private long unread;
    private int padding;
    private boolean ended;

    TarInput(InputStream in) {
        this.in = in;
    }

    /** The next entry's header, or null at the end of the archive; its content is read with {@link #content}. */
    Entry next() throws IOException {
        skipRest();
        byte[] h = readBlock("an entry header");
        if (isZero(h)) {
            if (!isZero(readBlock("the end of the archive"))) throw new ArchiveRefused("a zero block inside the archive");
            ended = true;
            return null;
        }
        long expected = parseOctal(h, 148, 8, "checksum");
        if (expected != TarOutput.checksum(h)) throw new ArchiveRefused("an entry header with a wrong checksum (corrupted)");
        if (!"ustar".equals(text(h, 257, 6))) throw new ArchiveRefused("an entry that is not in ustar format");
        char type = (char) h[156];
        String base = text(h, 0, 100);
        String prefix = text(h, 345, 155);
        String name = prefix.isEmpty() ? base : prefix + "/" + base;
        if (type != '0' && type != '\0') {
            throw new ArchiveRefused(name + " is not a regular file (tar type '" + type + "': links, directories and"
                    + " devices are never part of an HIY backup)");
        }
        long size = parseOctal(h, 124, 12, "size");
        unread = size;
        padding = (int) ((TarOutput.BLOCK - size % TarOutput.BLOCK) % TarOutput.BLOCK);
        return new Entry(name, size);
    }

    /** The current entry's bytes; reading past them gives end of stream. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (unread == 0) return -1;
                int n = in.read(b, off, (int) Math.min(len, unread));
                if (n < 0) throw new ArchiveRefused("it ends in the middle of an entry (truncated)");
                unread -= n;
                return n;
            }
        };
    }

    /**
     * After the end blocks only zeros may follow (some writers pad to a record), and the stream must really end: for
     * a gzip stream that reads its trailer, whose CRC and length catch a cut or damaged tail.
     */
    void requireEnd() throws IOException {
        if (!ended) throw new IllegalStateException("not at the end of the archive");
        byte[] buf = new byte[8192];
        long seen = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
            for (int i = 0; i < n; i++) if (buf[i] != 0) throw new ArchiveRefused("it holds data after its end");
            seen += n;
            if (seen > 1024 * 1024) throw new ArchiveRefused("it holds data after its end");
        }
    }

    private void skipRest() throws IOException {
        InputStream rest = content();
        byte[] buf = new byte[8192];
        while (rest.read(buf) >= 0) {
            // discards what the caller did not read
        }
        in.readNBytes(padding);
        padding = 0;
    }

    private byte[] readBlock(String what) throws IOException {
        byte[] b;
        try {
            b = in.readNBytes(TarOutput.BLOCK);
        } catch (EOFException e) {
            throw new ArchiveRefused("it ends before " + what + " (truncated)");
        }
        if (b.length < TarOutput.BLOCK) throw new ArchiveRefused("it ends before " + what + " (truncated)");
        return b;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static String text(byte[] h, int at, int len) {
        int end = at;
        while (end < at + len && h[end] != 0) end++;
        return new String(Arrays.copyOfRange(h, at, end), StandardCharsets.UTF_8);
    }

    private static long parseOctal(byte[] h, int at, int len, String field) throws ArchiveRefused {
        String s = text(h, at, len).trim();
        if (s.isEmpty() || !s.matches("[0-7]+")) throw new ArchiveRefused("an entry header with a bad " + field + " field");
        return Long.parseLong(s, 8);
    }
}
