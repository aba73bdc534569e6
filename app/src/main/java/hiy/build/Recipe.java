package hiy.build;

/**
 * A Dockerfile to build and where it lies in the build context: the repository's own (path names a file of the
 * commit), or one HIY wrote (generated: added to the context under path, which the commit must not have).
 */
public record Recipe(String path, String text, boolean generated) {
    /** Where a Dockerfile HIY writes goes in the context; a commit with a file of that name is refused. */
    public static final String GENERATED_PATH = ".hiy.Dockerfile";

    public static Recipe generated(String text) {
        return new Recipe(GENERATED_PATH, text, true);
    }
}
