package hiy.release;

import hiy.model.HealthCheck;
import hiy.runtime.RuntimeFailure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits until a freshly started app answers HTTP on its loopback port. */
public final class HttpHealthCheck {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
    private static final long PAUSE_MILLIS = 200;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(REQUEST_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private HttpHealthCheck() {
    }

    /**
     * Any status below 500 counts: a 404 or a redirect to a login page still proves the app is up.
     *
     * @param stillAlive false once the container has exited, which ends the wait at once
     * @return how long the app took to answer
     */
    public static Duration awaitHealthy(int port, String path, Duration timeout, BooleanSupplier stillAlive)
            throws RuntimeFailure {
        return awaitHealthy(port, new HealthCheck(path, 1, Duration.ofMillis(PAUSE_MILLIS), timeout, Duration.ZERO),
                stillAlive);
    }

    /** Waits for the check's number of answers in a row; a failed answer starts the count again. */
    public static Duration awaitHealthy(int port, HealthCheck check, BooleanSupplier stillAlive) throws RuntimeFailure {
        String path = check.path().startsWith("/") ? check.path() : "/" + check.path();
        Duration timeout = check.bootTimeout();
        int inARow = 0;
        URI uri = URI.create("http://127.0.0.1:" + port + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            if (!stillAlive.getAsBoolean()) {
                throw new RuntimeFailure("The app exited before answering HTTP on port " + port
                        + ": its last log lines say why");
            }
            try {
                inARow = answers(request) ? inARow + 1 : 0;
                if (inARow >= check.successes()) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new RuntimeFailure("The app did not answer HTTP on port " + port + " at " + path + " within "
                            + timeout.toSeconds() + " s: make it listen on 0.0.0.0 and the port in $PORT");
                }
                Thread.sleep(check.interval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeFailure("Interrupted while waiting for the app on port " + port, e);
            }
        }
    }

    private static boolean answers(HttpRequest request) throws InterruptedException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() < 500;
        } catch (IOException notYet) {
            // Not listening yet, or the connection was reset while the app starts.
            return false;
        }
    }
}
