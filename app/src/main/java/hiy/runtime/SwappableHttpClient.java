package hiy.runtime;

import com.github.dockerjava.transport.DockerHttpClient;

import java.io.IOException;
import java.time.Duration;

/**
 * The HTTP transport under HIY's one DockerClient, in two parts: one for the requests that take as long as they need
 * ({@link PodmanDeadline#mayTakeLong}: builds, followed logs, attaches, waits, stops), one for every other request,
 * which Podman answers at once unless it hangs, and which therefore has a deadline ({@link PodmanDeadline}). When the
 * Podman service dies and is started again (perhaps on another socket), both are replaced, so every holder of the
 * DockerClient works again without being told.
 */
final class SwappableHttpClient implements DockerHttpClient {
    private final Duration callDeadline;
    private volatile Transports current;
    /** Set when a call on the current transports got no answer within its deadline; cleared by a swap. */
    private volatile boolean hung;

    private record Transports(DockerHttpClient calls, DockerHttpClient streams) { }

    SwappableHttpClient(DockerHttpClient calls, DockerHttpClient streams, Duration callDeadline) {
        this.current = new Transports(calls, streams);
        this.callDeadline = callDeadline;
    }

    /** Later requests go to the new transports; the old ones are closed (their pooled connections lead nowhere now). */
    void swap(DockerHttpClient calls, DockerHttpClient streams) throws IOException {
        Transports old = current;
        current = new Transports(calls, streams);
        hung = false;
        old.calls().close();
        old.streams().close();
    }

    @Override
    public Response execute(Request request) {
        Transports now = current;
        if (PodmanDeadline.mayTakeLong(request)) return now.streams().execute(request);
        try {
            return PodmanDeadline.within(callDeadline, request, () -> now.calls().execute(request));
        } catch (RuntimeException e) {
            if (PodmanDeadline.isHung(e)) hung = true;
            throw e;
        }
    }

    /**
     * Whether Podman left a call unanswered past its deadline since the last swap or the last look: a service that
     * still answers a ping can hang on its locks (seen with rootless Podman 4.3: every call waiting on a storage lock
     * for good). Looking clears it, so one hang is acted on once.
     */
    boolean takeHung() {
        boolean was = hung;
        hung = false;
        return was;
    }

    @Override
    public void close() throws IOException {
        Transports now = current;
        now.calls().close();
        now.streams().close();
    }
}
