package hiy.build;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the two-stage Dockerfile of a Go module: go.mod and go.sum first (a change of code alone reuses the
 * downloaded modules), every main package compiled into bin/, then only the binaries and the source's files on a
 * small runtime image. bin/ is on PATH, so a Procfile says {@code web: NAME}; without one the module's own binary
 * (the last element of its path) runs.
 */
final class GoDockerfile {
    static final String GO_MOD = "go.mod";
    private static final Pattern MODULE = Pattern.compile("(?m)^module\\s+\"?([^\\s\"]+)\"?\\s*$");
    private static final Pattern GO_LINE = Pattern.compile("(?m)^go\\s+(\\S+)\\s*$");
    private static final Pattern BINARY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private GoDockerfile() { }

    static LanguageStrategy.Writer writer(String image, String runtimeImage) {
        return source -> write(image, runtimeImage, source);
    }

    static WrittenDockerfile write(String image, String runtimeImage, SourceTree source)
            throws BuildException, IOException {
        String mod = source.text(GO_MOD).orElseThrow(() -> new BuildException("the commit has no go.mod at the top,"
                + " which the go builder needs: run go mod init, commit go.mod, or choose another builder"));
        List<String> warnings = new ArrayList<>();
        Matcher go = GO_LINE.matcher(mod);
        if (go.find()) newerThanImage(go.group(1), image).ifPresent(warnings::add);
        Optional<String> binary = binary(mod);
        if (binary.isEmpty() && !LanguageStrategy.hasWebProcess(source)) {
            throw new BuildException("go.mod names no module HIY can take a program name from: add a Procfile line"
                    + " such as web: NAME (NAME is the main package's folder, or the module's last path element)");
        }
        StringBuilder d = new StringBuilder()
                .append("# Written by HIY for a Go app (go.mod, no Dockerfile). Commit it as Dockerfile to take it over.\n")
                .append("FROM ").append(image).append(" AS build\n")
                .append("WORKDIR /src\n")
                .append("ENV CGO_ENABLED=0\n")
                .append(source.hasFile("go.sum") ? "COPY [\"go.mod\", \"go.sum\", \"./\"]\n" : "COPY [\"go.mod\", \"./\"]\n")
                .append("RUN go mod download\n")
                .append("COPY . .\n")
                .append("RUN mkdir -p /out && go build -o /out/ ./...\n")
                .append("FROM ").append(runtimeImage).append('\n')
                .append("WORKDIR /app\n")
                .append("COPY . .\n")
                .append("COPY --from=build /out/ /app/bin/\n")
                .append("ENV PATH=/app/bin:/usr/local/bin:/usr/bin:/bin\n");
        binary.ifPresent(b -> d.append("CMD [\"/app/bin/").append(b).append("\"]\n"));
        return new WrittenDockerfile(d.toString(), warnings);
    }

    /** The program go build names after the module: its path's last element, when it is a plain name. */
    static Optional<String> binary(String goMod) {
        Matcher m = MODULE.matcher(goMod);
        if (!m.find()) return Optional.empty();
        String path = m.group(1);
        String last = path.substring(path.lastIndexOf('/') + 1);
        // example.com/app/v2 is built as "app"
        if (last.matches("v[0-9]+") && path.lastIndexOf('/') > 0) {
            String head = path.substring(0, path.lastIndexOf('/'));
            last = head.substring(head.lastIndexOf('/') + 1);
        }
        return BINARY.matcher(last).matches() ? Optional.of(last) : Optional.empty();
    }

    /** A toolchain older than go.mod's go line may refuse the module: say so (an older go line is fine). */
    private static Optional<String> newerThanImage(String asked, String image) {
        Optional<String> wanted = LanguageVersion.majorMinor(asked);
        Optional<String> has = LanguageVersion.ofImage(image);
        if (wanted.isEmpty()) return LanguageVersion.warning("go", "go.mod's go line", asked, image, "HIY_GO_IMAGE");
        if (has.isEmpty() || compare(wanted.get(), has.get()) <= 0) return Optional.empty();
        return Optional.of("! go.mod asks for go " + wanted.get() + "; building with " + image
                + " (the box's HIY_GO_IMAGE; ask the admin for a newer one, or add a Dockerfile)");
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        int major = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
        return major != 0 ? major : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
    }
}
