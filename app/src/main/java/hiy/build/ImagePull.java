package hiy.build;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.PullResponseItem;
import hiy.model.LineSink;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Pulls an image a user named for a release from its registry into Podman's store, with its progress as build
 * lines. Never from the box itself or a link-local address: the pull is an HTTP request made by Podman on the
 * host, and would otherwise reach the host's loopback services (Caddy's admin API, HIY's own ports).
 */
final class ImagePull {
    static final long PULL_MINUTES = 15;

    private final DockerClient docker;

    ImagePull(DockerClient docker) {
        this.docker = docker;
    }

    InspectImageResponse pull(String ref, LineSink output) throws BuildException {
        Optional<String> registry = registry(ref);
        if (registry.isPresent() && !mayPullFrom(registry.get())) {
            throw new BuildException("image " + ref + " is not in this box's Podman store, and HIY pulls nothing from "
                    + registry.get() + " (the box itself or a link-local address): ask the admin to put the image in the"
                    + " store on the box (podman pull or podman load), then push again");
        }
        output.line("Pulling " + ref + " (not in this box's Podman store)");
        Progress progress = new Progress(output);
        try (progress) {
            boolean done = docker.pullImageCmd(ref).exec(progress).awaitCompletion(PULL_MINUTES, TimeUnit.MINUTES);
            if (!done) {
                throw new BuildException("pulling " + ref + " took longer than " + PULL_MINUTES + " minutes; try again"
                        + " later, or ask the admin to pull it on the box (podman pull " + ref + ")");
            }
            if (progress.error != null) throw new IOException(progress.error);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException("the pull of " + ref + " was interrupted", e);
        } catch (IOException | RuntimeException e) {
            throw new BuildException("Podman could not pull " + ref + " (" + firstLine(e) + "): check the name and"
                    + " tag, and that the registry is reachable from the box; private registries need the admin to log"
                    + " Podman in (podman login)", e);
        }
        try {
            return docker.inspectImageCmd(ref).exec();
        } catch (DockerException e) {
            throw new BuildException("Podman pulled " + ref + " but cannot find it: " + e.getMessage(), e);
        }
    }

    /** The registry part of a reference (host[:port], as Docker reads it: the first part, with a dot, a colon or localhost). */
    static Optional<String> registry(String ref) {
        int slash = ref.indexOf('/');
        if (slash < 0) return Optional.empty();
        String first = ref.substring(0, slash);
        boolean host = first.contains(".") || first.contains(":") || first.equals("localhost");
        return host ? Optional.of(first) : Optional.empty();
    }

    /** Not localhost, not an address of the box itself or a link-local one (as named or as resolved). */
    static boolean mayPullFrom(String registry) {
        String host = registry.replaceFirst(":[0-9]+$", "").toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.endsWith(".localhost")) return false;
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress()) return false;
            }
        } catch (UnknownHostException e) {
            return true; // Podman's own lookup fails too, and says so
        }
        return true;
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    /** Each status once (Podman sends one per layer and per progress step). */
    private static final class Progress extends ResultCallback.Adapter<PullResponseItem> {
        private final LineSink output;
        private String last = "";
        /** Podman reports a failed pull in the stream, not as an error of the call. */
        private volatile String error;

        Progress(LineSink output) {
            this.output = output;
        }

        @Override
        public void onNext(PullResponseItem item) {
            if (item.isErrorIndicated()) {
                String said = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError();
                if (error == null) error = said == null ? "the registry refused it" : said;
                return;
            }
            String status = item.getStatus();
            if (status == null || status.isBlank() || item.getProgressDetail() != null && item.getProgress() != null) return;
            String line = status.strip();
            if (!line.equals(last)) output.line(line);
            last = line;
        }
    }
}
