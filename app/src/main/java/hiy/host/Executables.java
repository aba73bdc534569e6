package hiy.host;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Programs HIY runs from the host (podman, caddy, pack), found as a shell would find them. */
public final class Executables {
    private Executables() { }

    /**
     * The first executable file named command in a directory of PATH. An empty entry of PATH (the current
     * directory, to a shell) is skipped: HIY never runs a program from wherever it was started.
     */
    public static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }
}
