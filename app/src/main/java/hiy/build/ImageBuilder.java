package hiy.build;

/** Turns a pushed commit into a tagged image. One implementation per build strategy. */
public interface ImageBuilder {
    /** True when this strategy can build the commit (e.g. it has a Dockerfile). */
    boolean accepts(SourceTree source);

    /** A short name shown in push output: "Dockerfile", "buildpacks". */
    String name();

    BuiltImage build(SourceTree source, String tag, LineSink output) throws BuildException;
}
