package hiy.build;

import hiy.host.Executables;
import hiy.model.BuiltImage;
import hiy.model.LineSink;
import hiy.runtime.PodmanConnection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Cloud Native Buildpacks through the pack CLI, when the box has it: auto picks it for a project.toml only when
 * pack is on HIY's PATH; chosen without pack, the push fails saying how to install it. pack builds from a folder,
 * so the commit is written to a fresh one in the data dir (absolute links refused) and removed after the build;
 * pack talks to HIY's own Podman socket, and its output is the build's output.
 */
final class PackStrategy implements BuildStrategy {
    static final String INSTALL = "pack is not on HIY's PATH: install it on the box (a single binary from"
            + " https://buildpacks.io/docs/for-platform-operators/how-to/integrate-ci/pack/, in /usr/local/bin)"
            + " and restart HIY, or choose another builder with builder:set APP auto";
    private static final long TIMEOUT_MINUTES = 30;

    private final DockerfileBuilder engine;
    private final Supplier<String> podmanSocket;
    private final String builderImage;
    private final Path scratch;

    PackStrategy(DockerfileBuilder engine, Supplier<String> podmanSocket, String builderImage, Path scratch) {
        this.engine = engine;
        this.podmanSocket = podmanSocket;
        this.builderImage = builderImage;
        this.scratch = scratch;
    }

    @Override public String name() { return "pack"; }
    @Override public String lookedFor() { return "project.toml (when pack is installed)"; }

    @Override
    public Optional<String> fits(SourceTree source) {
        return source.hasFile("project.toml") && Executables.onPath("pack").isPresent()
                ? Optional.of("project.toml found and pack installed") : Optional.empty();
    }

    @Override
    public BuiltImage build(SourceTree source, String setting, String tag, LineSink output)
            throws BuildException, IOException {
        Path pack = Executables.onPath("pack").orElseThrow(() -> new BuildException(INSTALL));
        Files.createDirectories(scratch);
        Path dir = Files.createTempDirectory(scratch, "pack-");
        try {
            source.writeTo(dir.resolve("app"));
            // pack talks to the socket itself: the service must stay awake (and be awake) while it does.
            try (PodmanConnection.Use awake = engine.podmanInUse()) {
                run(List.of(pack.toString(), "build", tag, "--builder", builderImage, "--path", dir.resolve("app").toString(),
                    "--docker-host", "unix://" + podmanSocket.get(), "--pull-policy", "if-not-present"), output);
            }
        } finally {
            removeTree(dir);
        }
        return engine.inspect(tag);
    }

    private void run(List<String> command, LineSink output) throws BuildException, IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> !k.equals("PATH") && !k.equals("HOME"));
        env.put("DOCKER_HOST", "unix://" + podmanSocket.get());
        Process p = pb.start();
        // Also when pack hangs with its output open, which the reading below would wait for forever.
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(p::destroyForcibly,
                CompletableFuture.delayedExecutor(TIMEOUT_MINUTES, TimeUnit.MINUTES));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) output.line(line);
            p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BuildException("the build was interrupted", e);
        } finally {
            watchdog.cancel(false);
        }
        if (watchdog.isDone() && !watchdog.isCancelled()) {
            throw new BuildException("pack build did not finish in " + TIMEOUT_MINUTES + " minutes; it was stopped");
        }
        if (p.exitValue() != 0) {
            throw new BuildException("pack build failed (exit " + p.exitValue() + "); its output is above. Fix the"
                    + " app, or build it with a Dockerfile (builder:set APP dockerfile)");
        }
    }

    private static void removeTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
