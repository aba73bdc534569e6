package hiy.commands;

import hiy.repos.AppRepositories;
import hiy.runtime.ContainerRuntime;
import hiy.store.Builds;
import hiy.store.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;

@Command(name = "apps:report", mixinStandardHelpOptions = true,
        description = "Show the disk an app uses: its kept images, its repository and its build logs; and a line "
                + "saying so when this host does not enforce memory and CPU limits.",
        footer = {"", "Example: ssh hiy@box apps:report blog",
                "Image sizes include layers shared with other images. Exit status: 0, 1 unknown app."})
final class AppsReportCommand extends HiyCommand {
    private final Releases releases;
    private final Builds builds;
    private final ContainerRuntime runtime;
    private final AppRepositories repositories;

    @Parameters(paramLabel = "APP")
    String name;

    AppsReportCommand(Releases releases, Builds builds, ContainerRuntime runtime, AppRepositories repositories) {
        this.releases = releases;
        this.builds = builds;
        this.runtime = runtime;
        this.repositories = repositories;
    }

    @Override
    protected int execute() throws UserError, IOException {
        app(name);
        Set<String> images = new LinkedHashSet<>();
        for (Releases.Release r : releases.of(name)) if (!r.isStatic()) images.add(r.image());
        long imageBytes = 0;
        int kept = 0;
        for (String image : images) {
            var size = runtime.imageSize(image);
            if (size.isEmpty()) continue;
            kept++;
            imageBytes += size.get();
            out().printf("image   %-34s %s%n", image, human(size.get()));
        }
        long repo = bytesUnder(repositories.repoDir(name));
        long logs = 0;
        for (var b : builds.of(name)) logs += bytesUnder(Path.of(b.logPath()));
        out().printf("repo    %-34s %s%n", name + ".git", human(repo));
        out().printf("logs    %-34s %s%n", builds.of(name).size() + " build log(s)", human(logs));
        out().printf("total   %-34s %s%n", kept + " image(s) kept of " + images.size() + " release image(s)",
                human(imageBytes + repo + logs));
        PsCommand.unenforcedLimits(runtime).ifPresent(out()::println);
        return OK;
    }

    private static long bytesUnder(Path path) throws IOException {
        if (!Files.exists(path)) return 0;
        try (Stream<Path> files = Files.walk(path)) {
            long sum = 0;
            for (Path f : files.filter(Files::isRegularFile).toList()) sum += Files.size(f);
            return sum;
        }
    }

    static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return String.format("%.1f KB", bytes / 1024.0);
        if (bytes < 1024L * 1024 * 1024) return String.format("%.1f MB", bytes / (1024.0 * 1024));
        return String.format("%.2f GB", bytes / (1024.0 * 1024 * 1024));
    }
}
