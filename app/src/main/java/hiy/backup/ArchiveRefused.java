package hiy.backup;

import java.io.IOException;

/** The archive is not an intact HIY backup; the message says what is wrong with it. */
public final class ArchiveRefused extends IOException {
    public ArchiveRefused(String message) {
        super(message);
    }
}
