package hiy.build;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ExposedPort;
import hiy.runtime.PodmanConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Builds an app that brings its own Dockerfile, through Podman's Docker-compatible build API. */
public final class DockerfileBuilder implements ImageBuilder {
    private final DockerClient docker;

    public DockerfileBuilder(PodmanConnection podman) {
        this.docker = podman.client();
    }

    @Override
    public boolean accepts(Path workDir) {
        return Files.isRegularFile(workDir.resolve("Dockerfile"));
    }

    @Override
    public String name() {
        return "Dockerfile";
    }

    @Override
    public BuiltImage build(Path workDir, String tag, LineSink output) throws BuildException {
        BuildProgress progress = new BuildProgress(output);
        try {
            // Not quiet: the STEP lines are the user's build log. forcerm: a failed step
            // would otherwise leave a buildah working container behind.
            docker.buildImageCmd(workDir.toFile())
                    .withTags(Set.of(tag))
                    .withForcerm(true)
                    .exec(progress)
                    .awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException("the build was interrupted", e);
        }
        if (progress.failure() != null) {
            removeLayers(progress.committed());
            throw new BuildException(progress.failure());
        }
        return inspect(tag);
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
    private BuiltImage inspect(String tag) throws BuildException {
        InspectImageResponse image;
        try {
            image = docker.inspectImageCmd(tag).exec();
        } catch (DockerException e) {
            throw new BuildException("the build finished but image " + tag + " cannot be found: " + e.getMessage(), e);
        }
        return new BuiltImage(tag, image.getId(), exposedPort(image.getConfig()));
    }

    private static int exposedPort(ContainerConfig config) {
        ExposedPort[] ports = config == null ? null : config.getExposedPorts();
        return ports == null || ports.length == 0 ? BuiltImage.DEFAULT_PORT : ports[0].getPort();
    }
}
