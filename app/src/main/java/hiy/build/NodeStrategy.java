package hiy.build;

import hiy.model.BuiltImage;
import hiy.model.LineSink;

import java.io.IOException;
import java.util.Optional;

/** A Node app: package.json and no Dockerfile. HIY writes the Dockerfile ({@link NodeDockerfile}) and builds it. */
final class NodeStrategy implements BuildStrategy {
    static final String PACKAGE_JSON = "package.json";

    private final DockerfileBuilder engine;
    private final String image;

    NodeStrategy(DockerfileBuilder engine, String image) {
        this.engine = engine;
        this.image = image;
    }

    @Override public String name() { return "node"; }
    @Override public String lookedFor() { return PACKAGE_JSON; }

    @Override
    public Optional<String> fits(SourceTree source) {
        return source.hasFile(PACKAGE_JSON) ? Optional.of(PACKAGE_JSON + " found") : Optional.empty();
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

    /** The Dockerfile HIY writes for the commit; its warnings go to output. */
    Recipe recipe(SourceTree source, LineSink output) throws BuildException, IOException {
        String manifest = source.text(PACKAGE_JSON).orElseThrow(() -> new BuildException("the commit has no "
                + PACKAGE_JSON + " at the top, which the node builder needs: commit one, or choose another builder"
                + " with builder:set APP auto"));
        NodeDockerfile.Plan plan = NodeDockerfile.plan(manifest, image, new NodeDockerfile.Files(
                source.hasFile("package-lock.json"), source.hasFile("npm-shrinkwrap.json"),
                source.hasFile("yarn.lock"), source.hasFile("pnpm-lock.yaml"), source.hasFile("server.js"),
                LanguageStrategy.hasWebProcess(source)));
        plan.warnings().forEach(output::line);
        return Recipe.generated(plan.dockerfile());
    }
}
