package hiy.build;

import hiy.model.BuiltImage;
import hiy.model.LineSink;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/** The repository's own Dockerfile: at the top, or where builder:set APP dockerfile path=… says. */
final class DockerfileStrategy implements BuildStrategy {
    static final String NAME = "dockerfile";
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

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
        boolean plain = path.length() <= 255 && PATH.matcher(path).matches();
        if (plain) {
            for (String part : path.split("/")) {
                if (part.equals(".") || part.equals("..")) plain = false;
            }
        }
        if (!plain || path.equals(Recipe.GENERATED_PATH)) {
            throw new BuildException("path \"" + path + "\" is not a plain path inside the repository: write it"
                    + " relative to the top, with letters, digits, . _ - and /, without .. (e.g. path=deploy/Dockerfile)");
        }
        return path;
    }
}
