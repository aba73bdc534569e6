package hiy.release;

import hiy.build.AppJson;
import hiy.build.BuildException;
import hiy.build.BuildQueue;
import hiy.build.BuildStrategies;
import hiy.build.DeployBranch;
import hiy.build.LiveLog;
import hiy.build.SourceTree;
import hiy.host.GitDirs;
import hiy.model.Built;
import hiy.model.BuiltImage;
import hiy.model.BuiltSite;
import hiy.model.Durations;
import hiy.model.Procfile;
import hiy.routing.RouteTable;
import hiy.secrets.Redactor;
import hiy.store.Builders;
import hiy.store.Builds.Build;
import hiy.store.Checks;
import hiy.store.ConfigVars;
import hiy.store.Releases;
import org.eclipse.jgit.lib.Repository;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * What one build does, in order: read the commit's tree from git (nothing is checked out on the host), build an
 * image with the app's strategy ({@link BuildStrategies}), then hand the image to the health-gated switch (or a
 * static site's files to the switch of one route, {@link StaticRelease}). A failure at any step
 * leaves the running release alone. While it builds and switches, the slot its new web process will likely take
 * gets brief holds ({@link RouteTable#soon}), so that Caddy takes that slot soon after it is healthy.
 */
public final class BuildPipeline implements BuildQueue.Work {
    private final Path reposDir;
    private final long maxContextBytes;
    private final BuildStrategies strategies;
    private final Builders builders;
    private final Releases releases;
    private final ConfigVars config;
    private final Checks checks;
    private final ReleaseSwitch releaseSwitch;
    private final RouteTable routes;

    public BuildPipeline(Path reposDir, long maxContextBytes, BuildStrategies strategies, Builders builders, Releases releases,
                         ConfigVars config, Checks checks, ReleaseSwitch releaseSwitch, RouteTable routes) {
        this.config = config;
        this.checks = checks;
        this.reposDir = reposDir;
        this.maxContextBytes = maxContextBytes;
        this.strategies = strategies;
        this.builders = builders;
        this.releases = releases;
        this.releaseSwitch = releaseSwitch;
        this.routes = routes;
    }

    @Override
    public Integer run(Build build, LiveLog log) throws IOException {
        long start = System.nanoTime();
        log.redactWith(Redactor.of(config.of(build.app()).values()));
        try (Repository repo = GitDirs.open(reposDir.resolve(build.app() + ".git"))) {
            SourceTree source = SourceTree.read(repo, build.sha(), maxContextBytes);
            try {
                return build(build, source, log, start);
            } finally {
                source.close();
            }
        } catch (BuildException | SwitchFailure e) {
            log.failed(e.getMessage());
            return null;
        }
    }

    private Integer build(Build build, SourceTree source, LiveLog log, long start)
            throws BuildException, SwitchFailure, IOException {
        checks.put(build.app(), Checks.APP_JSON, AppJson.healthCheck(source.text(AppJson.FILE)));
        Procfile procfile = procfile(source);
        if (procfile.text() != null) {
            log.step("Procfile: " + String.join(", ", procfile.types())
                    + procfile.releaseCommand().map(c -> " (release: " + c + ")").orElse(""));
        }
        Builders.Choice choice = builders.of(build.app());
        BuildStrategies.Decision decision = strategies.decide(source, choice);
        log.step("Building with " + decision.strategy().name() + " (" + decision.reason() + ")");
        String tag = releaseSwitch.imageTag(build.app(), releases.nextVersion(build.app()));
        OptionalInt next = releaseSwitch.likelySlot(build.app());
        next.ifPresent(routes::soon);
        try {
            return buildAndDeploy(build, source, log, start, procfile, decision, tag);
        } finally {
            next.ifPresent(routes::notSoon);
        }
    }

    private Integer buildAndDeploy(Build build, SourceTree source, LiveLog log, long start, Procfile procfile,
                                   BuildStrategies.Decision decision, String tag)
            throws BuildException, SwitchFailure, IOException {
        long buildStart = System.nanoTime();
        Built built = decision.strategy().build(source, decision.setting(), tag, log.indented());
        Releases.Release release;
        if (built instanceof BuiltSite site) {
            if (procfile.text() != null) {
                log.line(" !     A static site runs no processes: the Procfile (and its release: command) is not used");
            }
            release = releaseSwitch.deploySite(build.app(), site, build.sha(), build.requestedBy(), log);
        } else {
            log.step("Built " + tag + " in " + Durations.secondsSince(buildStart));
            release = releaseSwitch.deploy(build.app(), (BuiltImage) built, procfile, build.sha(),
                    build.requestedBy(), log);
        }
        // Built by sha, since during a push the ref has not moved: it moves now, as the commit is live.
        DeployBranch.moveTo(reposDir.resolve(build.app() + ".git"), build.ref(), build.sha());
        log.step("Live in " + Durations.secondsSince(start) + ": " + routes.url(build.app())
                + " (release v" + release.version() + ")");
        return release.version();
    }

    /** The repo's Procfile, checked before anything is built; without one, web runs the image's command. */
    private static Procfile procfile(SourceTree source) throws BuildException, IOException {
        return source.procfile().orElse(Procfile.imageDefault());
    }
}
