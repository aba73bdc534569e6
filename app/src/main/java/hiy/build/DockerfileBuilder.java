package hiy.build;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.transport.DockerHttpClient;
import hiy.model.BuiltImage;
import hiy.model.LineSink;
import hiy.runtime.PodmanConnection;
import hiy.runtime.RuntimeFailure;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds an app that brings its own Dockerfile, through Podman's Docker-compatible build API, in a network
 * namespace of its own on Podman's bridge network (slirp4netns when rootless): RUN steps reach registries through the host's egress but not
 * the host's loopback (Caddy's admin API, HIY's ports). The context is streamed from git, never written to disk
 * by HIY, and the Dockerfile is checked first for instructions that Podman would run on the host.
 */
public final class DockerfileBuilder {
    static final String DOCKERFILE = "Dockerfile";
    /** As docker-java reads the stream: Podman sends fields its model does not know (aux.ID). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /**
     * Podman's compat build runs RUN steps in the host's network namespace unless told otherwise (it ignores
     * Docker's networkmode=bridge), so the namespace is asked for explicitly: a new one, set up by Podman's network
     * backend like an app container's.
     */
    private static final String NAMESPACES = "[{\"Name\":\"network\",\"Host\":false}]";
    private static final int PIPE_BYTES = 1024 * 1024;

    /**
     * Rootless, Podman's Docker-compatible build path sets that namespace up with its rootful bridge (and fails:
     * "could not add cni-podman0: operation not permitted"); its own libpod path, the same builder, gives the RUN
     * steps slirp4netns instead, which reaches out but not the host's loopback. Checked with Podman 4.3.1.
     */
    private static final String ROOTLESS_BUILD = "/v4.0.0/libpod/build";
    /**
     * On the libpod path, Podman 4.3 commits no intermediate layer unless asked (layers), and finds none in its cache
     * unless the output format is named (with the format left to its default every step was built again, even for
     * the same context): both asked for, a code-only change reuses the dependency layers as the compat path does.
     */
    private static final String ROOTLESS_CACHE = "&layers=1&outputformat="
            + URLEncoder.encode("application/vnd.docker.distribution.manifest.v2+json", StandardCharsets.UTF_8);
    private static final String BUILD = "/v" + PodmanConnection.API_VERSION + "/build";

    private final PodmanConnection podman;
    private final DockerClient docker;
    private final DockerHttpClient http;

    /** Keeps the Podman service awake while something else (pack) talks to its socket. */
    PodmanConnection.Use podmanInUse() {
        return podman.inUse();
    }

    public DockerfileBuilder(PodmanConnection podman) {
        this.podman = podman;
        this.docker = podman.client();
        this.http = podman.http();
    }

    /** Builds the commit's own Dockerfile at the top of the tree. */
    public BuiltImage build(SourceTree source, String tag, LineSink output) throws BuildException {
        try {
            return build(source, new Recipe(DOCKERFILE, source.text(DOCKERFILE).orElseThrow(
                    () -> new BuildException("the commit has no " + DOCKERFILE + " at the top")), false), tag, output);
        } catch (IOException e) {
            throw new BuildException("HIY could not read the " + DOCKERFILE + " from git: " + e.getMessage(), e);
        }
    }

    /**
     * Builds the recipe with the commit's files as the context. Every Dockerfile, the repository's or one HIY wrote,
     * goes through the same check, namespace and limits.
     */
    public BuiltImage build(SourceTree source, Recipe recipe, String tag, LineSink output) throws BuildException {
        DockerfileCheck.check(recipe.text());
        if (recipe.generated() && source.has(recipe.path())) {
            throw new BuildException("the commit has a file named " + recipe.path() + ", where HIY puts the Dockerfile it"
                    + " writes: rename or remove that file and push again");
        }
        BuildProgress progress = new BuildProgress(output);
        AtomicReference<IOException> contextFailure = new AtomicReference<>();
        try (PipedInputStream context = new PipedInputStream(PIPE_BYTES)) {
            Thread writer = streamContext(source, recipe, new PipedOutputStream(context), contextFailure);
            try (DockerHttpClient.Response response = http.execute(request(rootless(), tag, recipe.path(), context))) {
                relay(response, progress);
            } finally {
                context.close();
                writer.join();
            }
        } catch (IOException | RuntimeException e) {
            progress.onError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException("the build was interrupted", e);
        }
        if (contextFailure.get() != null) {
            throw new BuildException("HIY could not read the commit from git for the build: " + contextFailure.get().getMessage());
        }
        if (progress.failure() != null) {
            removeLayers(progress.committed());
            throw new BuildException(progress.failure());
        }
        return inspect(tag);
    }

    /** Which of Podman's two build paths this one takes (see ROOTLESS_BUILD). */
    private boolean rootless() {
        try {
            return podman.mode().rootless();
        } catch (RuntimeFailure e) {
            return false;
        }
    }

    /**
     * Not quiet: the STEP lines are the user's build log. forcerm: a failed step would otherwise leave a buildah
     * working container behind.
     */
    private static DockerHttpClient.Request request(boolean rootless, String tag, String dockerfile, InputStream context) {
        String query = "t=" + encode(tag) + "&dockerfile=" + encode(dockerfile) + "&forcerm=1&rm=1"
                + "&networkmode=NetworkEnabled&nsoptions=" + encode(NAMESPACES) + (rootless ? ROOTLESS_CACHE : "");
        return DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path((rootless ? ROOTLESS_BUILD : BUILD) + "?" + query)
                .putHeader("Content-Type", "application/x-tar")
                .body(context)
                .build();
    }

    /** The tar is written by a thread of its own into a bounded pipe, so no build context is ever held whole. */
    private static Thread streamContext(SourceTree source, Recipe recipe, PipedOutputStream pipe,
                                        AtomicReference<IOException> failure) {
        Thread writer = new Thread(() -> {
            try (pipe) {
                if (recipe.generated()) source.writeTar(pipe, recipe.path(), recipe.text());
                else source.writeTar(pipe);
            } catch (IOException e) {
                // Podman stopped reading (it failed the build and says why) or git could not be read.
                if (!"Pipe closed".equals(e.getMessage())) failure.set(e);
            }
        }, "hiy-build-context");
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    private static void relay(DockerHttpClient.Response response, BuildProgress progress) throws IOException {
        if (response.getStatusCode() != 200) {
            byte[] body = response.getBody().readNBytes(64 * 1024);
            progress.onError(new IOException("Podman refused the build context (HTTP " + response.getStatusCode() + ")"
                    + engineMessage(body)));
            return;
        }
        try (MappingIterator<BuildResponseItem> items = JSON.readerFor(BuildResponseItem.class)
                .readValues(response.getBody())) {
            while (items.hasNextValue()) progress.onNext(items.nextValue());
        }
    }

    private static String engineMessage(byte[] body) {
        try {
            JsonNode error = JSON.readTree(body);
            return error != null && error.hasNonNull("message") ? ": " + error.get("message").asText() : "";
        } catch (IOException notJson) {
            return "";
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * A failed build's layers are tagged by nothing and would stay forever; newest first, as each is the parent
     * of the next. A layer from the cache that a kept image still uses is refused by Podman and stays.
     */
    private void removeLayers(List<String> layers) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            try {
                docker.removeImageCmd(layers.get(i)).exec();
            } catch (NotFoundException | ConflictException e) {
                // gone with its child already, or still needed: either way not a leftover
            }
        }
    }

    /** By tag, not from the stream: one inspect gives the id and the EXPOSE ports whatever the stream's format. */
    BuiltImage inspect(String tag) throws BuildException {
        InspectImageResponse image;
        try {
            image = docker.inspectImageCmd(tag).exec();
        } catch (DockerException e) {
            throw new BuildException("the build finished but image " + tag + " cannot be found: " + e.getMessage(), e);
        }
        return describe(tag, image);
    }

    static BuiltImage describe(String tag, InspectImageResponse image) {
        return new BuiltImage(tag, image.getId(), exposedPort(image.getConfig()));
    }

    private static int exposedPort(ContainerConfig config) {
        ExposedPort[] ports = config == null ? null : config.getExposedPorts();
        return ports == null || ports.length == 0 ? BuiltImage.DEFAULT_PORT : ports[0].getPort();
    }
}
