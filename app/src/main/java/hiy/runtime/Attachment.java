package hiy.runtime;

import hiy.model.LineSink;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletionStage;

/**
 * The caller's end of a one-off container ({@link ContainerRuntime#runOnce}). What arrives on {@code in} reaches the
 * command's standard input, and its end closes that input. Without a terminal the output goes to {@code output} line
 * by line (stdout and stderr alike); with one, the container gets a TTY of the caller's type and size, and its output
 * goes to {@link Terminal#out()} byte for byte, as the TTY wrote it. When {@code gone} completes while the command
 * runs, the caller has disconnected and the container is killed.
 */
public record Attachment(InputStream in, LineSink output, Terminal terminal, CompletionStage<?> gone) {
    /** The caller's terminal: its type (TERM), its window's size (0 if unknown), and where raw output goes. */
    public interface Terminal {
        String type();

        int columns();

        int lines();

        OutputStream out();

        /** Calls the listener after each change of the window's size; it runs on the caller's I/O thread. */
        void onResize(Runnable listener);
    }
}
