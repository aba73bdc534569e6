package hiy.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a POSIX ustar stream of regular files only: the one shape {@link TarInput} accepts. No links, no directories,
 * no owners (a restore gives every file the data dir's modes), so nothing in an archive HIY wrote can point outside it.
 */
final class TarOutput {
    static final int BLOCK = 512;
    /** ustar's size field holds 11 octal digits. */
    static final long MAX_ENTRY = 077777777777L;

    private final OutputStream out;

    TarOutput(OutputStream out) {
        this.out = out;
    }

    /** One regular file of exactly {@code size} bytes read from {@code content}. */
    void file(String name, long size, long mtimeSeconds, InputStream content) throws IOException {
        if (size > MAX_ENTRY) {
            throw new IOException(name + " is " + size + " bytes, more than a tar entry holds (8 GiB)");
        }
        out.write(header(name, size, mtimeSeconds));
        byte[] buf = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = content.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) throw new IOException(name + " became shorter while it was archived (" + left + " bytes missing)");
            out.write(buf, 0, n);
            left -= n;
        }
        int pad = (int) ((BLOCK - size % BLOCK) % BLOCK);
        out.write(new byte[pad]);
    }

    /** The two zero blocks that end a tar stream: a reader that does not find them knows the archive was cut. */
    void finish() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }

    static byte[] header(String name, long size, long mtimeSeconds) throws IOException {
        byte[] h = new byte[BLOCK];
        byte[] full = name.getBytes(StandardCharsets.UTF_8);
        String prefix = "";
        String base = name;
        if (full.length > 100) {
            int cut = name.lastIndexOf('/', Math.min(name.length() - 1, 155));
            while (cut > 0 && name.substring(cut + 1).getBytes(StandardCharsets.UTF_8).length > 100) {
                cut = name.lastIndexOf('/', cut - 1);
            }
            if (cut <= 0) throw new IOException("path too long for a tar entry: " + name);
            prefix = name.substring(0, cut);
            base = name.substring(cut + 1);
            if (prefix.getBytes(StandardCharsets.UTF_8).length > 155) {
                throw new IOException("path too long for a tar entry: " + name);
            }
        }
        put(h, 0, 100, base.getBytes(StandardCharsets.UTF_8));
        put(h, 100, 8, octal(0600, 7));
        put(h, 108, 8, octal(0, 7));
        put(h, 116, 8, octal(0, 7));
        put(h, 124, 12, octal(size, 11));
        put(h, 136, 12, octal(Math.max(0, mtimeSeconds), 11));
        h[156] = '0';
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        put(h, 345, 155, prefix.getBytes(StandardCharsets.UTF_8));
        for (int i = 148; i < 156; i++) h[i] = ' ';
        put(h, 148, 8, (String.format("%06o", checksum(h)) + "\0 ").getBytes(StandardCharsets.US_ASCII));
        return h;
    }

    static long checksum(byte[] header) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
        return sum;
    }

    private static byte[] octal(long value, int digits) {
        return (String.format("%0" + digits + "o", value) + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    private static void put(byte[] h, int at, int len, byte[] value) {
        System.arraycopy(value, 0, h, at, Math.min(len, value.length));
    }
}
