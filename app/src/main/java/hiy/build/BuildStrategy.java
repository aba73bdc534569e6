package hiy.build;

import hiy.model.Built;
import hiy.model.LineSink;

import java.io.IOException;
import java.util.Optional;

/**
 * One way to turn a pushed commit into a tagged image (a Dockerfile, Node, a prebuilt image…) or the files of a
 * static site.
 * Strategies that write a Dockerfile hand it to {@link DockerfileBuilder}, the one build path with its checks.
 */
public interface BuildStrategy {
    /** The name users choose it by with builder:set, and that the push prints: dockerfile, node, static. */
    String name();

    /** Why auto picks this strategy for the commit ("package.json found"), or empty when it does not fit. */
    Optional<String> fits(SourceTree source) throws BuildException, IOException;

    /** What auto looks for to pick this strategy, for the message when nothing fits ("package.json"); null: never auto. */
    String lookedFor();

    /** The Dockerfile this strategy writes for the commit (node, static), with its warnings to output; empty: it writes none. */
    default Optional<Recipe> written(SourceTree source, LineSink output) throws BuildException, IOException {
        return Optional.empty();
    }

    /**
     * Builds the commit into an image (tagged tag) or a static site's files; setting is the app's builder:set value
     * for this strategy (a path, an image), or null.
     */
    Built build(SourceTree source, String setting, String tag, LineSink output) throws BuildException, IOException;
}
