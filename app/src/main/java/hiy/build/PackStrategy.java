package hiy.build;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Cloud Native Buildpacks through the pack CLI, when the box has it. Auto picks it for a project.toml only when
 * pack is on HIY's PATH; without pack, choosing it fails the push with how to install it.
 */
final class PackStrategy implements BuildStrategy {
    static final String INSTALL = "pack is not on HIY's PATH: install it on the box (https://buildpacks.io/docs/for-platform-operators/how-to/integrate-ci/pack/,"
            + " a single binary: put it in /usr/local/bin) and restart HIY, or choose another builder with"
            + " builder:set APP auto";

    @Override public String name() { return "pack"; }
    @Override public String lookedFor() { return "project.toml (when pack is installed)"; }

    @Override
    public Optional<String> fits(SourceTree source) {
        return source.hasFile("project.toml") && onPath().isPresent()
                ? Optional.of("project.toml found and pack installed") : Optional.empty();
    }

    @Override
    public BuiltImage build(SourceTree source, String setting, String tag, LineSink output) throws BuildException {
        if (onPath().isEmpty()) throw new BuildException(INSTALL);
        throw new BuildException("pack is installed, but this HIY cannot run it yet (it builds from a folder, and HIY"
                + " checks nothing out on the host): add a Dockerfile, or choose builder:set APP auto");
    }

    static Optional<Path> onPath() {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, "pack");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
