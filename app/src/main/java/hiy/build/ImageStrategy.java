package hiy.build;

import hiy.model.BuiltImage;
import hiy.model.LineSink;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A prebuilt image, chosen with builder:set APP image ref=IMAGE, deploy:image or app.json's image: from Podman's
 * store, pulled from its registry when it is not there ({@link ImagePull}); each push releases it again under the
 * release's own tag, through the same health-gated switch, without a build. HIY's own builds of other
 * apps are refused (they hold those apps' code), and so are bare image ids, which could name one of their layers.
 */
final class ImageStrategy implements BuildStrategy {
    static final String NAME = "image";
    /** A reference as Docker writes one: [registry[:port]/]name[/name…][:tag][@sha256:digest], lowercase names. */
    private static final Pattern REFERENCE = Pattern.compile(
            "[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]{1,5})?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
                    + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?");

    private final DockerClient docker;
    private final ImagePull pulling;

    ImageStrategy(DockerClient docker) {
        this.docker = docker;
        this.pulling = new ImagePull(docker);
    }

    @Override public String name() { return NAME; }
    @Override public String lookedFor() { return null; }

    @Override
    public Optional<String> fits(SourceTree source) {
        return Optional.empty();
    }

    @Override
    public BuiltImage build(SourceTree source, String setting, String tag, LineSink output) throws BuildException {
        if (setting == null) {
            throw new BuildException("the image builder needs an image: builder:set APP image ref=IMAGE (e.g. ref=localhost/busybox)");
        }
        String ref = checkReference(setting);
        InspectImageResponse image;
        try {
            image = docker.inspectImageCmd(ref).exec();
        } catch (NotFoundException e) {
            image = pulling.pull(ref, output);
        } catch (DockerException e) {
            throw new BuildException("Podman could not look up image " + ref + ": " + e.getMessage(), e);
        }
        List<String> tags = image.getRepoTags() == null ? List.of() : image.getRepoTags();
        if (tags.stream().allMatch(ImageNames::isAppBuild)) {
            throw new BuildException("image " + ref + " is one HIY built for an app, not an image of the box's own:"
                    + " deploy an image by its own name (builder:set APP image ref=NAME:TAG)");
        }
        output.line("Releasing image " + ref + " (" + shortId(image.getId()) + "), no build");
        int colon = tag.lastIndexOf(':');
        try {
            docker.tagImageCmd(image.getId(), tag.substring(0, colon), tag.substring(colon + 1)).exec();
        } catch (DockerException e) {
            throw new BuildException("Podman could not tag image " + ref + " as " + tag + ": " + e.getMessage(), e);
        }
        return DockerfileBuilder.describe(tag, image);
    }

    /** The reference as given, or why it cannot be one that this strategy takes. */
    static String checkReference(String ref) throws BuildException {
        if (ref.length() > 255 || !REFERENCE.matcher(ref).matches()) {
            throw new BuildException("\"" + ref + "\" is not an image reference: write NAME[:TAG], e.g."
                    + " ref=localhost/busybox or ref=docker.io/library/nginx:1.27");
        }
        if (ImageNames.looksLikeId(ref)) {
            throw new BuildException("\"" + ref + "\" looks like an image id: name the image by its name and tag"
                    + " (ref=NAME:TAG), as ids can name layers of other apps' builds");
        }
        if (ImageNames.isAppBuild(ref)) {
            throw new BuildException("\"" + ref + "\" is an image HIY builds for apps, not one of the box's own:"
                    + " name an image by its own name (ref=NAME:TAG)");
        }
        return ref;
    }

    private static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
