package hiy.runtime;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Passes what a one-off container's TTY writes to the caller's terminal as it comes, byte for byte: no lines, no
 * CRLF of our own (the TTY already ends lines with CRLF), so prompts and full-screen programs work.
 */
final class TerminalOutput extends ResultCallback.Adapter<Frame> {
    private static final Logger log = LoggerFactory.getLogger(TerminalOutput.class);
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

    private final String container;
    private final OutputStream terminal;
    private final CountDownLatch open = new CountDownLatch(1);
    private final AtomicBoolean over = new AtomicBoolean();
    private volatile Throwable failure;

    TerminalOutput(String container, OutputStream terminal) {
        this.container = container;
        this.terminal = terminal;
    }

    @Override
    public void onStart(Closeable stream) {
        super.onStart(stream);
        open.countDown();
        if (over.get()) closeQuietly();
    }

    /** Whether the stream opened (then the container may start); false if it failed or did not open in time. */
    boolean awaitOpen() throws InterruptedException {
        return open.await(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) && failure == null;
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

    @Override
    public void onError(Throwable throwable) {
        if (open.getCount() > 0) {
            failure = throwable;
            log.warn("Could not attach to the output of {}: {}", container, throwable.toString());
        } else if (!over.get()) {
            log.debug("The output of {} ended: {}", container, throwable.toString());
        }
        open.countDown();
        closeQuietly();
    }

    @Override
    public void close() throws IOException {
        over.set(true);
        super.close();
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            log.debug("Closing the output of {} failed: {}", container, e.toString());
        }
    }
}
