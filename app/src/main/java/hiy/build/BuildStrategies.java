package hiy.build;

import com.github.dockerjava.api.DockerClient;
import hiy.host.GitDirs;
import hiy.model.LineSink;
import hiy.store.Builders;
import hiy.store.Sites;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which strategy builds a commit, and why: the one the app chose with builder:set, else (auto) the first in this
 * order whose files the commit has: an image named in app.json, Dockerfile, pack, node, python, go, ruby, java,
 * static.
 */
public final class BuildStrategies {
    /**
     * The strategy, the reason the push prints ("package.json found; no Dockerfile") and the setting it builds with
     * (builder:set's path= or ref=, or app.json's image; null for none).
     */
    public record Decision(BuildStrategy strategy, String reason, String setting) { }

    private final List<BuildStrategy> inOrder;

    BuildStrategies(List<BuildStrategy> inOrder) {
        this.inOrder = inOrder;
    }

    /** The images and places the strategies use, from HIY's settings. */
    public record Config(BaseImages images, String packBuilder, Supplier<String> podmanSocket, Path scratch, Sites sites) { }

    /** Every strategy of HIY, with the base images the admin configured. */
    public static BuildStrategies standard(DockerfileBuilder engine, DockerClient docker, Config config) {
        List<BuildStrategy> all = new ArrayList<>();
        all.add(new DockerfileStrategy(engine));
        all.add(new PackStrategy(engine, config.podmanSocket(), config.packBuilder(), config.scratch()));
        BaseImages images = config.images();
        all.add(new LanguageStrategy("node", List.of(NodeDockerfile.PACKAGE_JSON), engine, NodeDockerfile.writer(images.node())));
        all.add(new LanguageStrategy("python", PythonDockerfile.MANIFESTS, engine, PythonDockerfile.writer(images.python())));
        all.add(new LanguageStrategy("go", List.of(GoDockerfile.GO_MOD), engine,
                GoDockerfile.writer(images.go(), images.goRuntime())));
        all.add(new LanguageStrategy("ruby", List.of(RubyDockerfile.GEMFILE), engine,
                RubyDockerfile.writer(images.ruby())));
        all.add(new LanguageStrategy("java", JavaDockerfile.MANIFESTS, engine, JavaDockerfile.writer(
                new JavaDockerfile.Images(images.maven(), images.gradle(), images.javaRuntime()))));
        all.add(new StaticStrategy(config.sites()));
        all.add(new ImageStrategy(docker));
        return new BuildStrategies(all);
    }

    /** The names builder:set takes, auto first. */
    public List<String> names() {
        List<String> names = new ArrayList<>(List.of(Builders.AUTO));
        inOrder.forEach(s -> names.add(s.name()));
        return names;
    }

    public Optional<BuildStrategy> named(String name) {
        return inOrder.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The setting a builder takes in builder:set (path= for dockerfile, ref= for image), checked; null when the
     * builder takes none. A value it cannot take is refused with why.
     */
    public static String checkSetting(String builder, String key, String value) throws BuildException {
        String wanted = switch (builder) {
            case DockerfileStrategy.NAME -> "path";
            case ImageStrategy.NAME -> "ref";
            case StaticStrategy.NAME -> StaticStrategy.ROOT;
            default -> null;
        };
        if (key == null) {
            if (builder.equals(ImageStrategy.NAME)) {
                throw new BuildException("the image builder needs an image: builder:set APP image ref=IMAGE (e.g. ref=localhost/busybox)");
            }
            return null;
        }
        if (!key.equals(wanted)) {
            throw new BuildException(wanted == null ? "the " + builder + " builder takes no setting (got " + key + "=)"
                    : "the " + builder + " builder takes " + wanted + "=…, not " + key + "=");
        }
        return switch (builder) {
            case DockerfileStrategy.NAME -> DockerfileStrategy.checkPath(value);
            case StaticStrategy.NAME -> StaticStrategy.checkRoot(value);
            default -> ImageStrategy.checkReference(value);
        };
    }

    public Decision decide(SourceTree source, Builders.Choice choice) throws BuildException, IOException {
        if (!choice.auto()) {
            BuildStrategy chosen = named(choice.builder()).orElseThrow(() -> new BuildException("this app's builder "
                    + choice.builder() + " is unknown to this HIY: choose one with builder:set APP " + String.join("|", names())));
            return new Decision(chosen, "chosen with builder:set" + (choice.setting() == null ? "" : ", " + choice.setting()),
                    choice.setting());
        }
        Optional<String> image = AppJson.image(source.text(AppJson.FILE));
        if (image.isPresent()) {
            return new Decision(named(ImageStrategy.NAME).orElseThrow(), "app.json names image " + image.get(), image.get());
        }
        for (BuildStrategy s : inOrder) {
            Optional<String> why = s.fits(source);
            if (why.isPresent()) {
                return new Decision(s, why.get() + (s.name().equals(DockerfileStrategy.NAME) ? "" : "; no Dockerfile"), null);
            }
        }
        throw new BuildException("no way to build this app: add a Dockerfile, a language's manifest (package.json,"
                + " requirements.txt, go.mod, Gemfile, pom.xml …) or an index.html (static site). HIY looked for " + String.join("; ", inOrder.stream().map(BuildStrategy::lookedFor)
                .filter(java.util.Objects::nonNull).toList()) + ", and found none. Or choose a builder with"
                + " builder:set APP " + String.join("|", names()));
    }

    /** The decision for the newest commit of a branch of the repository, or empty when the branch has none. */
    public Optional<Decision> decideForBranch(Path gitDir, String branch, long maxContextBytes, Builders.Choice choice)
            throws BuildException, IOException {
        return atBranch(gitDir, branch, maxContextBytes, source -> decide(source, choice));
    }

    /**
     * The Dockerfile HIY would write for the newest commit of the branch, with the decision as its first comment
     * line; empty when the branch has no commit. A builder that writes none says what it builds instead.
     */
    public Optional<String> dockerfileForBranch(Path gitDir, String branch, long maxContextBytes,
                                                Builders.Choice choice, LineSink warnings)
            throws BuildException, IOException {
        return atBranch(gitDir, branch, maxContextBytes, source -> {
            Decision d = decide(source, choice);
            Recipe recipe = d.strategy().written(source, warnings).orElseThrow(() -> new BuildException("the "
                    + d.strategy().name() + " builder (" + d.reason() + ") writes no Dockerfile: "
                    + (d.strategy().name().equals(DockerfileStrategy.NAME) ? "it builds the repository's own"
                    : d.strategy() instanceof StaticStrategy ? "Caddy serves the site's files, no image is built"
                    : "it builds without one")));
            return "# HIY builds this commit with " + d.strategy().name() + " (" + d.reason() + ")\n" + recipe.text();
        });
    }

    private interface TreeWork<T> {
        T apply(SourceTree source) throws BuildException, IOException;
    }

    private static <T> Optional<T> atBranch(Path gitDir, String branch, long maxContextBytes, TreeWork<T> work)
            throws BuildException, IOException {
        try (Repository repo = GitDirs.open(gitDir)) {
            ObjectId head = repo.resolve("refs/heads/" + branch);
            if (head == null) return Optional.empty();
            SourceTree source = SourceTree.read(repo, head.name(), maxContextBytes);
            try {
                return Optional.of(work.apply(source));
            } finally {
                source.close();
            }
        }
    }
}
