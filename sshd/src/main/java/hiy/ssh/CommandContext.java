package hiy.ssh;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * What a command may use: the caller, the streams, and whether a terminal is attached
 * (only then is output coloured).
 */
public record CommandContext(Identity who, String clientAddress, InputStream in, PrintStream out, PrintStream err,
                             boolean terminal) {
}
