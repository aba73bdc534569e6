package hiy.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import hiy.model.LineSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Containers' output: the last lines of a log, or a log followed line by line as it comes. */
final class PodmanLogs {
    private static final Logger log = LoggerFactory.getLogger(PodmanLogs.class);
    static final Duration LOG_READ_TIMEOUT = Duration.ofSeconds(10);

    private final DockerClient docker;

    PodmanLogs(DockerClient docker) {
        this.docker = docker;
    }

    /** The last n lines of the container's stdout and stderr, oldest first; empty if none. */
    List<String> lastLogLines(String containerName, int n) {
        LogTail tail = docker.logContainerCmd(containerName)
                .withStdOut(true).withStdErr(true).withTail(n)
                .exec(new LogTail());
        try {
            if (!tail.awaitCompletion(LOG_READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Reading the log of {} took longer than {} s; showing what arrived", containerName,
                        LOG_READ_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (tail.error != null && !(tail.error instanceof NotFoundException)) {
            log.warn("Could not read the log of {}: {}", containerName, tail.error.getMessage());
        }
        return tail.lines();
    }

    /** The last tail lines, then every new line as it comes (see ContainerRuntime.followLog). */
    Closeable followLog(String containerName, int tail, LineSink lines, Runnable ended) {
        LogFollower follower = docker.logContainerCmd(containerName)
                .withStdOut(true).withStdErr(true).withTail(tail).withFollowStream(true)
                .exec(new LogFollower(containerName, lines, ended));
        follower.awaitOpen();
        return follower;
    }

    /** Collects log frames; an error (usually: no such container) ends the read without docker-java's ERROR log. */
    private static final class LogTail extends ResultCallback.Adapter<Frame> {
        private final StringBuilder text = new StringBuilder();
        private volatile Throwable error;

        @Override
        public void onNext(Frame frame) {
            text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
            try {
                close();
            } catch (IOException e) {
                log.debug("Closing a log stream failed: {}", e.toString());
            }
        }

        List<String> lines() {
            String all = text.toString().stripTrailing();
            return all.isEmpty() ? List.of() : List.of(all.split("\r?\n"));
        }
    }

    /**
     * Turns log frames into whole lines (stdout and stderr each keep their partial last line) for a follower.
     * Closing it closes the HTTP response, which ends docker-java's stream thread.
     */
    static final class LogFollower extends ResultCallback.Adapter<Frame> {
        private final String container;
        private final LineSink lines;
        private final Runnable ended;
        private final Map<StreamType, ByteArrayOutputStream> partial = new EnumMap<>(StreamType.class);
        private final CountDownLatch open = new CountDownLatch(1);
        final AtomicBoolean over = new AtomicBoolean();

        LogFollower(String container, LineSink lines, Runnable ended) {
            this.container = container;
            this.lines = lines;
            this.ended = ended;
        }

        @Override
        public void onStart(Closeable stream) {
            super.onStart(stream);
            open.countDown();
        }

        /**
         * A close before the stream opened would be forgotten when it opens (onStart marks the callback open
         * again), leaving the stream running; so the caller gets the follower only once it is open or over.
         */
        void awaitOpen() {
            try {
                if (!open.await(LOG_READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("The log stream of {} did not open within {} s", container, LOG_READ_TIMEOUT.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public synchronized void onNext(Frame frame) {
            if (over.get()) return;
            ByteArrayOutputStream buffer = partial.computeIfAbsent(frame.getStreamType(), t -> new ByteArrayOutputStream());
            for (byte b : frame.getPayload()) {
                if (b == '\n') {
                    lines.line(buffer.toString(StandardCharsets.UTF_8).replaceFirst("\r$", ""));
                    buffer.reset();
                } else {
                    buffer.write(b);
                }
            }
        }

        @Override
        public void onComplete() {
            end();
        }

        @Override
        public void onError(Throwable throwable) {
            if (!(throwable instanceof NotFoundException) && !over.get()) {
                log.debug("The log stream of {} ended: {}", container, throwable.toString());
            }
            end();
        }

        private void end() {
            open.countDown();
            boolean first;
            synchronized (this) {
                first = over.compareAndSet(false, true);
                if (first) {
                    partial.values().stream().filter(b -> b.size() > 0)
                            .forEach(b -> lines.line(b.toString(StandardCharsets.UTF_8)));
                }
            }
            try {
                super.close();
            } catch (IOException e) {
                log.debug("Closing the log stream of {} failed: {}", container, e.toString());
            }
            if (first) ended.run();
        }

        @Override
        public void close() throws IOException {
            over.set(true);
            super.close();
        }
    }
}
