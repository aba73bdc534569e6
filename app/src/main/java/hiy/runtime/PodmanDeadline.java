package hiy.runtime;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.transport.DockerHttpClient;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * How long HIY waits for Podman to answer one API request before it counts as hung. Creating, starting, inspecting,
 * listing or removing a container, network, volume or image takes Podman well under a second, seconds on a loaded
 * box; one that never answers would otherwise hold up its caller for ever (the build queue, or a switch and every
 * switch after it). Requests that legitimately last (a build, an image pull, a followed log, an attach, a wait for an
 * exit, a stop, which waits out the grace period) have no deadline.
 *
 * <p>docker-java's own response timeout does not apply on a Unix socket (its reads there ignore the socket timeout),
 * so the deadline interrupts the waiting thread instead: a read on a socket channel ends when its thread is
 * interrupted, and the connection is closed.
 */
final class PodmanDeadline {
    static final Duration CALL = Duration.ofSeconds(60);
    /** Docker API paths (with or without /libpod) whose answer lasts as long as the work does. */
    private static final Pattern LONG = Pattern.compile(".*/(build|attach|wait|events|stop|images/create|images/pull)");
    private static final Pattern FOLLOWED_LOG = Pattern.compile(".*/logs\\?(.*&)?follow=(1|true)(&.*)?");
    /** HTTP 504: Podman was asked and did not answer in time. */
    private static final int GATEWAY_TIMEOUT = 504;
    private static final ScheduledExecutorService ALARMS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hiy-podman-deadline");
        t.setDaemon(true);
        return t;
    });

    private PodmanDeadline() { }

    static boolean mayTakeLong(DockerHttpClient.Request request) {
        String path = request.path();
        int query = path.indexOf('?');
        return LONG.matcher(query < 0 ? path : path.substring(0, query)).matches() || FOLLOWED_LOG.matcher(path).matches();
    }

    /**
     * The call's answer, or, once the deadline passed without one, a DockerException (so each caller's handling of
     * Podman errors applies) that names the request and what to do. No deadline when it is null.
     */
    static DockerHttpClient.Response within(Duration deadline, DockerHttpClient.Request request,
                                            Supplier<DockerHttpClient.Response> call) {
        if (deadline == null) return call.get();
        Alarm alarm = new Alarm(Thread.currentThread());
        var scheduled = ALARMS.schedule(alarm::ring, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (alarm.rang()) throw hung(request, deadline, e);
            throw e;
        } finally {
            scheduled.cancel(false);
            if (alarm.silence()) Thread.interrupted();
        }
    }

    /** Whether the exception is the one {@link #within} throws when the deadline passed. */
    static boolean isHung(RuntimeException e) {
        return e instanceof Unanswered;
    }

    /**
     * Whether a failure says nothing about what was asked, only about the service at that moment: a call it left
     * unanswered (it deadlocked), or a network it had just said exists and then could not find (Podman 4.3 keeps
     * its list of networks per process and can miss a change another Podman process made). Worth one more try.
     */
    static boolean passing(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Unanswered) return true;
            if (t instanceof DockerException && String.valueOf(t.getMessage()).contains("network not found")) return true;
        }
        return false;
    }

    private static DockerException hung(DockerHttpClient.Request request, Duration deadline, RuntimeException cause) {
        String path = request.path();
        int query = path.indexOf('?');
        return new Unanswered("Podman did not answer " + request.method() + " " + (query < 0 ? path : path.substring(0, query))
                + " within " + deadline.toSeconds() + " s, so HIY gave up on it: check that `podman ps` answers as the"
                + " user HIY runs as; if it hangs too, restart that user's Podman service (HIY starts its own again"
                + " when it ends), then try again", GATEWAY_TIMEOUT, cause);
    }

    /** A call Podman did not answer within its deadline (a DockerException, so callers' handling applies). */
    private static final class Unanswered extends DockerException {
        Unanswered(String message, int httpStatus, Throwable cause) {
            super(message, httpStatus, cause);
        }
    }

    /** Interrupts the caller once, unless the call ended first; the caller clears what it set. */
    private static final class Alarm {
        private final Thread caller;
        private boolean done;
        private boolean rang;

        Alarm(Thread caller) {
            this.caller = caller;
        }

        synchronized void ring() {
            if (done) return;
            rang = true;
            caller.interrupt();
        }

        synchronized boolean rang() {
            return rang;
        }

        /** No ring from now on; whether it rang (its interrupt is then delivered, and the caller clears it). */
        synchronized boolean silence() {
            done = true;
            return rang;
        }
    }
}
