package hiy.runtime;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One attach to a one-off container (its input, or its terminal's output): the container may start only once the
 * attach is open, and it ends (closed, failed, or the stream over) exactly once.
 */
abstract class AttachStream extends ResultCallback.Adapter<Frame> {
    private static final Logger log = LoggerFactory.getLogger(AttachStream.class);
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

    protected final String container;
    private final String what;
    private final CountDownLatch open = new CountDownLatch(1);
    protected final AtomicBoolean over = new AtomicBoolean();
    private volatile Throwable failure;

    /** what: "input" or "output", for the log. */
    AttachStream(String container, String what) {
        this.container = container;
        this.what = what;
    }

    @Override
    public void onStart(Closeable stream) {
        super.onStart(stream);
        open.countDown();
        // A close that came first (the input may end at once) was forgotten just now: onStart marks the callback open.
        if (over.get()) closeQuietly();
    }

    /**
     * Whether the attach is in place (then the container may start), or ended already; false if it failed or did
     * not open in time.
     */
    boolean awaitOpen() throws InterruptedException {
        return open.await(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) && failure == null;
    }

    @Override
    public void onError(Throwable throwable) {
        // Before it opened, and not closed by us (the caller's input may end before the attach reports itself
        // open, and closing it then ends the stream with an error): the attach failed.
        if (open.getCount() > 0 && !over.get()) {
            failure = throwable;
            log.warn("Could not attach to the {} of {}: {}", what, container, throwable.toString());
        } else if (!over.get()) {
            log.debug("The {} of {} ended: {}", what, container, throwable.toString());
        }
        open.countDown();
        closeQuietly();
    }

    @Override
    public void close() throws IOException {
        over.set(true);
        super.close();
    }

    void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            log.debug("Closing the {} of {} failed: {}", what, container, e.toString());
        }
    }
}
