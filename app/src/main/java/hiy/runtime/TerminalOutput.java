package hiy.runtime;

import com.github.dockerjava.api.model.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes what a one-off container's TTY writes to the caller's terminal as it comes, byte for byte: no lines, no
 * CRLF of our own (the TTY already ends lines with CRLF), so prompts and full-screen programs work.
 */
final class TerminalOutput extends AttachStream {
    private static final Logger log = LoggerFactory.getLogger(TerminalOutput.class);

    private final OutputStream terminal;

    TerminalOutput(String container, OutputStream terminal) {
        super(container, "output");
        this.terminal = terminal;
    }

    @Override
    public void onNext(Frame frame) {
        if (over.get()) return;
        try {
            terminal.write(frame.getPayload());
            terminal.flush();
        } catch (IOException e) {
            // The caller is gone; its channel's close ends the run.
            log.debug("Output of {} not delivered: {}", container, e.toString());
        }
    }

    @Override
    public void onComplete() {
        closeQuietly();
    }
}
