package hiy.runtime;

import com.github.dockerjava.transport.DockerHttpClient;

import java.io.IOException;

/**
 * The HTTP transport under HIY's one DockerClient. When the Podman service dies and is started again (perhaps on
 * another socket), the transport underneath is replaced, so every holder of the DockerClient works again without
 * being told.
 */
final class SwappableHttpClient implements DockerHttpClient {
    private volatile DockerHttpClient current;

    SwappableHttpClient(DockerHttpClient first) {
        this.current = first;
    }

    /** Later requests go to {@code next}; the old transport is closed (its pooled connections lead nowhere now). */
    void swap(DockerHttpClient next) throws IOException {
        DockerHttpClient old = current;
        current = next;
        old.close();
    }

    @Override
    public Response execute(Request request) {
        return current.execute(request);
    }

    @Override
    public void close() throws IOException {
        current.close();
    }
}
