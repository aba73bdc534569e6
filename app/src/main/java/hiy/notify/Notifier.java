package hiy.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import hiy.build.BuildQueue;
import hiy.secrets.Redactor;
import hiy.store.ConfigVars;
import hiy.store.NotifyTargets;
import hiy.store.Releases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Tells an app's notification targets about its events, on a thread of its own: {@link #tell} only queues, so a
 * deploy never waits for a slow or dead receiver. Each message is tried {@link #ATTEMPTS} times (a 5xx, 429 or no
 * answer is tried again after a pause, any other answer is final); at most {@link #QUEUE} wait, more are dropped with
 * a line in the log. Every message is masked with the app's config values: none ever leaves in a notification.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    static final int QUEUE = 100;
    static final int ATTEMPTS = 3;
    static final List<Duration> PAUSES = List.of(Duration.ofSeconds(1), Duration.ofSeconds(4));
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NotifyTargets targets;
    private final ConfigVars config;
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), r -> {
                Thread t = new Thread(r, "hiy-notify");
                t.setDaemon(true);
                return t;
            });
    private HttpClient http;

    public Notifier(NotifyTargets targets, ConfigVars config) {
        this.targets = targets;
        this.config = config;
    }

    /** A release that went live: told when a build (deploy) or a rollback made it; config changes and restarts are not. */
    public void released(Releases.Release r, String url) {
        if (Releases.BUILT.equals(r.kind())) tell(Event.deployed(r.app(), r.version(), r.sha(), r.createdBy(), url));
        else if (r.kind().startsWith("rollback")) tell(Event.rolledBack(r.app(), r.version(), r.sha(), r.createdBy(), url));
    }

    /** The builds' work, telling each build that did not go live with the reason its log gives. */
    public BuildQueue.Work tellingFailures(BuildQueue.Work work) {
        return (build, log) -> {
            Integer release = null;
            try {
                release = work.run(build, log);
                return release;
            } finally {
                if (release == null) {
                    tell(Event.failed(build.app(), build.sha(), build.requestedBy(), log.failure() != null ? log.failure()
                            : "HIY failed while deploying; see: logs " + build.app() + " --build"));
                }
            }
        };
    }

    /** Queues the event for whoever asked for it; returns at once, whatever happens to the messages. */
    public void tell(Event event) {
        try {
            sender.execute(() -> send(event));
        } catch (RejectedExecutionException e) {
            LOG.warn("{} notifications are waiting already; the {} event of {} is not told", QUEUE, event.kind(), event.app());
        }
    }

    private void send(Event event) {
        try {
            List<NotifyTargets.Target> to = targets.forEvent(event.app(), event.kind());
            if (to.isEmpty()) return;
            Redactor redactor = Redactor.of(config.of(event.app()).values());
            String title = redactor.redact(event.title());
            String text = redactor.redact(event.text());
            for (NotifyTargets.Target t : to) deliver(t, title, text);
        } catch (RuntimeException e) {
            LOG.warn("the {} event of {} could not be told", event.kind(), event.app(), e);
        }
    }

    private void deliver(NotifyTargets.Target t, String title, String text) {
        HttpRequest request = request(t, title, text);
        String last = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                int status = client().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) return;
                last = "it answered " + status;
                if (status < 500 && status != 429) break;
            } catch (IOException e) {
                last = "no answer (" + e.getMessage() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (attempt < ATTEMPTS && !pause(PAUSES.get(attempt - 1))) return;
        }
        LOG.warn("a notification to {} ({} of {}) was not taken: {}; check the URL with: notify {}", t.hint(), t.kind(),
                t.app() == null ? "every app" : t.app(), last, t.app() == null ? "" : t.app());
    }

    private static HttpRequest request(NotifyTargets.Target t, String title, String text) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(t.url())).timeout(TIMEOUT);
        if (NotifyRules.SLACK.equals(t.kind())) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json(Map.of("text", text))));
        } else {
            b.header("Content-Type", "text/plain; charset=utf-8").header("Title", title)
                    .POST(HttpRequest.BodyPublishers.ofString(text));
        }
        return b.build();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Made at the first message: a HIY that notifies no one never loads the HTTP client. */
    private synchronized HttpClient client() {
        if (http == null) http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        return http;
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
