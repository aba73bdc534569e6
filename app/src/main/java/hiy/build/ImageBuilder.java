package hiy.build;

import java.nio.file.Path;

/** Turns a checked-out commit into a tagged image. One implementation per build strategy. */
public interface ImageBuilder {
    /** True when this strategy can build the given work dir (e.g. it has a Dockerfile). */
    boolean accepts(Path workDir);

    /** A short name shown in push output: "Dockerfile", "buildpacks". */
    String name();

    BuiltImage build(Path workDir, String tag, LineSink output) throws BuildException;
}
