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
    static final String NAME = "static";
    /** builder:set APP static root=FOLDER serves that folder instead of looking in ROOTS. */
    static final String ROOT = "root";
    /** Where the site's root is looked for, first found wins; fixed names, so nothing of the commit is written. */
    static final List<String> ROOTS = List.of("", "public/", "dist/", "static/", "_site/");

    private final Sites sites;

    StaticStrategy(Sites sites) {
        this.sites = sites;
    }

    @Override public String name() { return NAME; }
    @Override public String lookedFor() { return "index.html at the top or in public/, dist/, static/ or _site/"; }

    @Override
    public Optional<String> fits(SourceTree source) {
        return root(source).map(r -> "index.html found" + (r.isEmpty() ? " at the top" : " in " + r));
    }

    @Override
    public BuiltSite build(SourceTree source, String setting, String tag, LineSink output)
            throws BuildException, IOException {
        String root = setting == null ? root(source).orElseThrow(() -> new BuildException("the static builder found no"
                + " index.html at the top or in public/, dist/, static/ or _site/: commit one, name the folder with"
                + " builder:set APP static root=FOLDER, or choose another builder with builder:set APP auto"))
                : chosenRoot(source, setting);
        output.line("Serving " + (root.isEmpty() ? "the top of the repository" : root) + " as it is (no container:"
                + " Caddy serves the files)");
        return SiteFiles.write(source, root, sites, output);
    }

    /** The folder builder:set named, as a prefix ending in /; it must hold an index.html in this commit. */
    private static String chosenRoot(SourceTree source, String setting) throws BuildException {
        String folder = checkRoot(setting) + "/";
        if (!source.hasFile(folder + "index.html")) {
            throw new BuildException("the commit has no " + folder + "index.html (this app's site folder, set with"
                    + " builder:set APP static root=" + setting + "): commit one, or name another folder");
        }
        return folder;
    }

    /** A folder inside the repository, written without a trailing slash: build/, site/docs. */
    static String checkRoot(String folder) throws BuildException {
        String plain = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        return RepoPath.check(plain, "root=build");
    }

    private static Optional<String> root(SourceTree source) {
        return ROOTS.stream().filter(r -> source.hasFile(r + "index.html")).findFirst();
    }
}
