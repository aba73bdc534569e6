package hiy.build;

import hiy.model.BuiltImage;
import hiy.model.LineSink;
import hiy.model.Procfile;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A language HIY builds without a Dockerfile (Python, Go, Ruby, Java): picked by its manifest files, it writes the
 * Dockerfile for the commit and builds it on the one build path with its checks, like the node builder.
 */
final class LanguageStrategy implements BuildStrategy {
    /** Writes the Dockerfile of a commit; nothing of the commit's files becomes an instruction. */
    interface Writer {
        WrittenDockerfile write(SourceTree source) throws BuildException, IOException;
    }

    private final String name;
    private final List<String> manifests;
    private final DockerfileBuilder engine;
    private final Writer writer;

    LanguageStrategy(String name, List<String> manifests, DockerfileBuilder engine, Writer writer) {
        this.name = name;
        this.manifests = manifests;
        this.engine = engine;
        this.writer = writer;
    }

    @Override public String name() { return name; }
    @Override public String lookedFor() { return String.join(", ", manifests); }

    @Override
    public Optional<String> fits(SourceTree source) {
        return manifests.stream().filter(source::hasFile).findFirst().map(m -> m + " found");
    }

    @Override
    public BuiltImage build(SourceTree source, String setting, String tag, LineSink output)
            throws BuildException, IOException {
        return engine.build(source, recipe(source, output), tag, output);
    }

    @Override
    public Optional<Recipe> written(SourceTree source, LineSink output) throws BuildException, IOException {
        return Optional.of(recipe(source, output));
    }

    private Recipe recipe(SourceTree source, LineSink output) throws BuildException, IOException {
        if (fits(source).isEmpty()) {
            throw new BuildException("the commit has no " + String.join(" or ", manifests) + " at the top, which the " + name
                    + " builder needs: commit one, or choose another builder with builder:set APP auto");
        }
        WrittenDockerfile written = writer.write(source);
        written.warnings().forEach(output::line);
        return Recipe.generated(written.text());
    }

    /** The process types of the commit's Procfile (empty without one); a broken Procfile is refused here. */
    static List<String> procfileTypes(SourceTree source) throws BuildException, IOException {
        return source.procfile().map(p -> List.copyOf(p.types())).orElse(List.of());
    }

    static boolean hasWebProcess(SourceTree source) throws BuildException, IOException {
        return procfileTypes(source).contains(Procfile.WEB);
    }
}
