package hiy.sshd;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.CompletionStage;

/**
 * What a command may use: the caller, the streams, the terminal if the client asked for one (ssh -t; only then is
 * output coloured), and {@code closed}, which completes when the SSH channel closes: after the command ends, or
 * while it still runs when the client goes away.
 */
public record CommandContext(Identity who, String clientAddress, InputStream in, PrintStream out, PrintStream err,
                             Pty pty, CompletionStage<Void> closed) {
    /** Whether the client asked for a terminal; then {@link #pty()} describes it. */
    public boolean terminal() {
        return pty != null;
    }
}
