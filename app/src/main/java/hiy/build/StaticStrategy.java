package hiy.build;

import hiy.model.BuiltImage;
import hiy.model.LineSink;

import java.util.List;
import java.util.Optional;

/**
 * A site of files only: an index.html at the top or in one of the usual output folders, served by busybox httpd
 * in a container of its own (HIY_STATIC_IMAGE), so it is health-gated, scaled and rolled back like any app.
 */
final class StaticStrategy implements BuildStrategy {
    /** Where the site's root is looked for, first found wins; fixed names, so nothing of the commit is written. */
    static final List<String> ROOTS = List.of("", "public/", "dist/", "static/", "_site/");

    private final DockerfileBuilder engine;
    private final String image;

    StaticStrategy(DockerfileBuilder engine, String image) {
        this.engine = engine;
        this.image = image;
    }

    @Override public String name() { return "static"; }
    @Override public String lookedFor() { return "index.html at the top or in public/, dist/, static/ or _site/"; }

    @Override
    public Optional<String> fits(SourceTree source) {
        return root(source).map(r -> "index.html found" + (r.isEmpty() ? " at the top" : " in " + r));
    }

    @Override
    public BuiltImage build(SourceTree source, String setting, String tag, LineSink output) throws BuildException {
        return engine.build(source, recipe(source), tag, output);
    }

    @Override
    public Optional<Recipe> written(SourceTree source, LineSink output) throws BuildException {
        return Optional.of(recipe(source));
    }

    Recipe recipe(SourceTree source) throws BuildException {
        String root = root(source).orElseThrow(() -> new BuildException("the static builder found no index.html at"
                + " the top or in public/, dist/, static/ or _site/: commit one, or choose another builder with"
                + " builder:set APP auto"));
        StringBuilder d = new StringBuilder()
                .append("# Written by HIY for a static site (index.html").append(root.isEmpty() ? "" : " in " + root)
                .append("). Commit it as Dockerfile to take it over.\n")
                .append("FROM ").append(image).append('\n')
                .append("COPY [\"").append(root.isEmpty() ? "." : root).append("\", \"/www/\"]\n");
        // The Dockerfile itself lies in the context's top folder, which is served: it is no page of the site.
        if (root.isEmpty()) d.append("RUN [\"/bin/busybox\", \"rm\", \"-f\", \"/www/").append(Recipe.GENERATED_PATH).append("\"]\n");
        return Recipe.generated(d.append("CMD exec httpd -f -p \"${PORT:-5000}\" -h /www\n").toString());
    }

    private static Optional<String> root(SourceTree source) {
        return ROOTS.stream().filter(r -> source.hasFile(r + "index.html")).findFirst();
    }
}
