package hiy.build;

import hiy.model.BuiltImage;
import hiy.model.LineSink;

import java.io.IOException;
import java.util.Optional;

/** The repository's own Dockerfile: at the top, or where builder:set APP dockerfile path=… says. */
final class DockerfileStrategy implements BuildStrategy {
    static final String NAME = "dockerfile";

    private final DockerfileBuilder engine;

    DockerfileStrategy(DockerfileBuilder engine) {
        this.engine = engine;
    }

    @Override public String name() { return NAME; }
    @Override public String lookedFor() { return "a Dockerfile"; }

    @Override
    public Optional<String> fits(SourceTree source) {
        return source.hasFile(DockerfileBuilder.DOCKERFILE) ? Optional.of("Dockerfile found") : Optional.empty();
    }

    @Override
    public BuiltImage build(SourceTree source, String setting, String tag, LineSink output)
            throws BuildException, IOException {
        String path = setting == null ? DockerfileBuilder.DOCKERFILE : checkPath(setting);
        String text = source.text(path).orElseThrow(() -> new BuildException("the commit has no file " + path
                + " (the Dockerfile this app builds with): commit it, or choose another with"
                + " builder:set APP dockerfile path=PATH"));
        return engine.build(source, new Recipe(path, text, false), tag, output);
    }

    /**
     * A path inside the repository, relative to its top, in plain segments: no way up, no absolute path, nothing
     * a shell or Podman would read twice. Links are refused when the file is read ({@link SourceTree#text}).
     */
    static String checkPath(String path) throws BuildException {
        String example = "path=deploy/Dockerfile";
        RepoPath.check(path, example);
        if (path.equals(Recipe.GENERATED_PATH)) {
            throw new BuildException("path \"" + path + "\" is the name HIY gives the Dockerfile it writes: name your"
                    + " own Dockerfile (e.g. " + example + ")");
        }
        return path;
    }
}
