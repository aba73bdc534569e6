package hiy.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;

/**
 * Feeds the caller's input to a one-off container over an attach of its own that carries standard input only.
 * docker-java copies the input to the hijacked connection but never half-closes it, and Podman closes the command's
 * input only when it reads the end of that connection; so at the end of the caller's input this attach is closed,
 * while the output keeps coming on the other one.
 */
final class StdinFeed extends AttachStream {
    private static final Logger log = LoggerFactory.getLogger(StdinFeed.class);

    private final InputStream caller;

    StdinFeed(String container, InputStream caller) {
        super(container, "input");
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
}
