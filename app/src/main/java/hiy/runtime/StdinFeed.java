package hiy.runtime;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Feeds the caller's input to a one-off container over an attach of its own that carries standard input only.
 * docker-java copies the input to the hijacked connection but never half-closes it, and Podman closes the command's
 * input only when it reads the end of that connection; so at the end of the caller's input this attach is closed,
 * while the output keeps coming on the other one.
 */
final class StdinFeed extends ResultCallback.Adapter<Frame> {
    private static final Logger log = LoggerFactory.getLogger(StdinFeed.class);
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

    private final String container;
    private final InputStream caller;
    private final CountDownLatch open = new CountDownLatch(1);
    private final AtomicBoolean over = new AtomicBoolean();
    private volatile Throwable failure;

    StdinFeed(String container, InputStream caller) {
        this.container = container;
        this.caller = caller;
    }

    /** What docker-java copies to the connection: the caller's input, up to its end or the end of the run. */
    InputStream input() {
        return new InputStream() {
            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                int n = -1;
                if (!over.get()) {
                    try {
                        n = caller.read(buffer, offset, length);
                    } catch (IOException e) {
                        log.debug("The input of {} ended: {}", container, e.toString());
                    }
                }
                if (n < 0 || over.get()) {
                    closeQuietly();
                    return -1;
                }
                return n;
            }
        };
    }

    @Override
    public void onStart(Closeable stream) {
        super.onStart(stream);
        open.countDown();
        // A close that came first (the input may end at once) was forgotten just now: onStart marks the callback open.
        if (over.get()) closeQuietly();
    }

    /**
     * Whether the attach is in place (then the container may start), or ended already because the input did;
     * false if it failed or did not open in time.
     */
    boolean awaitOpen() throws InterruptedException {
        return open.await(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) && failure == null;
    }

    @Override
    public void onError(Throwable throwable) {
        // Before it opened, nothing of ours can have closed it: the attach failed.
        if (open.getCount() > 0) {
            failure = throwable;
            log.warn("Could not attach to the input of {}: {}", container, throwable.toString());
        } else if (!over.get()) {
            log.debug("The input attach of {} ended: {}", container, throwable.toString());
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
            log.debug("Closing the input of {} failed: {}", container, e.toString());
        }
    }
}
