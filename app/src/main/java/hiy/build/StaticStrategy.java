package hiy.build;

import hiy.model.BuiltSite;
import hiy.model.LineSink;
import hiy.store.Sites;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A site of files only: an index.html at the top or in one of the usual output folders. No image and no container:
 * the files of that folder are written out ({@link SiteFiles}) and Caddy serves them itself.
 */
final class StaticStrategy implements BuildStrategy {
    /** Where the site's root is looked for, first found wins; fixed names, so nothing of the commit is written. */
    static final List<String> ROOTS = List.of("", "public/", "dist/", "static/", "_site/");

    private final Sites sites;

    StaticStrategy(Sites sites) {
        this.sites = sites;
    }

    @Override public String name() { return "static"; }
    @Override public String lookedFor() { return "index.html at the top or in public/, dist/, static/ or _site/"; }

    @Override
    public Optional<String> fits(SourceTree source) {
        return root(source).map(r -> "index.html found" + (r.isEmpty() ? " at the top" : " in " + r));
    }

    @Override
    public BuiltSite build(SourceTree source, String setting, String tag, LineSink output)
            throws BuildException, IOException {
        String root = root(source).orElseThrow(() -> new BuildException("the static builder found no index.html at"
                + " the top or in public/, dist/, static/ or _site/: commit one, or choose another builder with"
                + " builder:set APP auto"));
        output.line("Serving " + (root.isEmpty() ? "the top of the repository" : root) + " as it is (no container:"
                + " Caddy serves the files)");
        return SiteFiles.write(source, root, sites, output);
    }

    private static Optional<String> root(SourceTree source) {
        return ROOTS.stream().filter(r -> source.hasFile(r + "index.html")).findFirst();
    }
}
