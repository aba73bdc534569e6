package hiy.build;

import hiy.routing.RouteTable;
import hiy.runtime.Procfile;
import hiy.runtime.ReleaseSwitch;
import hiy.runtime.SwitchFailure;
import hiy.server.DataDir;
import hiy.store.Builds.Build;
import hiy.secrets.Redactor;
import hiy.store.Checks;
import hiy.store.ConfigVars;
import hiy.store.Releases;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What one build does, in order: check the commit out, build an image with the first strategy that fits,
 * then hand the image to the health-gated switch. A failure at any step leaves the running release alone.
 */
public final class BuildPipeline implements BuildQueue.Work {
    private final Path reposDir;
    private final Path workRoot;
    private final List<ImageBuilder> strategies;
    private final Releases releases;
    private final ConfigVars config;
    private final Checks checks;
    private final ReleaseSwitch releaseSwitch;
    private final RouteTable routes;

    public BuildPipeline(Path reposDir, Path workRoot, List<ImageBuilder> strategies, Releases releases,
                         ConfigVars config, Checks checks, ReleaseSwitch releaseSwitch, RouteTable routes) {
        this.config = config;
        this.checks = checks;
        this.reposDir = reposDir;
        this.workRoot = workRoot;
        this.strategies = strategies;
        this.releases = releases;
        this.releaseSwitch = releaseSwitch;
        this.routes = routes;
    }

    @Override
    public Integer run(Build build, LiveLog log) throws IOException {
        long start = System.nanoTime();
        Path work = workRoot.resolve(build.app() + "-" + build.id());
        log.redactWith(Redactor.of(config.of(build.app()).values()));
        try {
            checkout(build, work);
            checks.put(build.app(), Checks.APP_JSON, AppJson.healthCheck(work));
            Procfile procfile = procfile(work);
            if (procfile.text() != null) {
                log.step("Procfile: " + String.join(", ", procfile.types())
                        + procfile.releaseCommand().map(c -> " (release: " + c + ")").orElse(""));
            }
            ImageBuilder builder = strategyFor(work);
            log.step("Building with " + builder.name());
            String tag = releaseSwitch.imageTag(build.app(), releases.nextVersion(build.app()));
            long buildStart = System.nanoTime();
            BuiltImage image = builder.build(work, tag, log.indented());
            log.step("Built " + tag + " in " + ReleaseSwitch.secondsSince(buildStart));
            Releases.Release release = releaseSwitch.deploy(build.app(), image, procfile, build.sha(),
                    build.requestedBy(), log);
            // Checked out by sha, since during a push the ref has not moved: it moves now, as the commit is live.
            DeployBranch.moveTo(reposDir.resolve(build.app() + ".git"), build.ref(), build.sha());
            log.step("Live in " + ReleaseSwitch.secondsSince(start) + ": " + routes.url(build.app())
                    + " (release v" + release.version() + ")");
            return release.version();
        } catch (BuildException | SwitchFailure e) {
            log.failed(e.getMessage());
            return null;
        } finally {
            DataDir.deleteTree(work);
        }
    }

    private void checkout(Build build, Path work) throws IOException {
        try (Repository repo = new FileRepositoryBuilder().setGitDir(reposDir.resolve(build.app() + ".git").toFile())
                .setMustExist(true).build()) {
            Checkout.write(repo, build.sha(), work);
        }
    }

    /** The repo's Procfile, checked before anything is built; without one, web runs the image's command. */
    private static Procfile procfile(Path work) throws BuildException, IOException {
        Path file = work.resolve("Procfile");
        if (!Files.isRegularFile(file)) return Procfile.imageDefault();
        try {
            return Procfile.parse(Files.readString(file));
        } catch (Procfile.ProcfileError e) {
            throw new BuildException(e.getMessage() + ". Fix the Procfile and push again");
        }
    }

    private ImageBuilder strategyFor(Path work) throws BuildException {
        return strategies.stream().filter(s -> s.accepts(work)).findFirst().orElseThrow(() -> new BuildException(
                "no way to build this app: add a Dockerfile at the top of the repository. Supported: "
                        + String.join(", ", strategies.stream().map(ImageBuilder::name).toList())
                        + " (buildpacks and static sites are planned)"));
    }
}
