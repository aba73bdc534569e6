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

    private record Transports(DockerHttpClient calls, DockerHttpClient streams) { }

    SwappableHttpClient(DockerHttpClient calls, DockerHttpClient streams, Duration callDeadline) {
        this.current = new Transports(calls, streams);
        this.callDeadline = callDeadline;
    }

    /** Later requests go to the new transports; the old ones are closed (their pooled connections lead nowhere now). */
    void swap(DockerHttpClient calls, DockerHttpClient streams) throws IOException {
        Transports old = current;
        current = new Transports(calls, streams);
        old.calls().close();
        old.streams().close();
    }

    @Override
    public Response execute(Request request) {
        Transports now = current;
        if (PodmanDeadline.mayTakeLong(request)) return now.streams().execute(request);
        return PodmanDeadline.within(callDeadline, request, () -> now.calls().execute(request));
    }

    @Override
    public void close() throws IOException {
        Transports now = current;
        now.calls().close();
        now.streams().close();
    }
}
