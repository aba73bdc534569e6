package hiy.build;

import java.io.IOException;
import java.util.List;

/**
 * Writes the two-stage Dockerfile of a Java app: Maven (pom.xml) or Gradle (build.gradle, build.gradle.kts) builds
 * the jar on a JDK image, the build file first so a change of code alone reuses the downloaded dependencies; the jar
 * runs on a JRE image with {@code java -jar}, unless the Procfile says otherwise.
 */
final class JavaDockerfile {
    static final List<String> MANIFESTS = List.of("pom.xml", "build.gradle", "build.gradle.kts");
    /** The jar the build made, not its sources, javadoc or the plain (non-boot) one. */
    private static final String PICK_JAR = "ls %s/*.jar | grep -v -E '(-sources|-javadoc|-plain|/original-)[^/]*\\.jar$' | head -n 1";

    private JavaDockerfile() { }

    /** The build images (Maven, Gradle) and the runtime image, from HIY's settings. */
    record Images(String maven, String gradle, String runtime) { }

    static LanguageStrategy.Writer writer(Images images) {
        return source -> write(images, source);
    }

    static WrittenDockerfile write(Images images, SourceTree source) throws BuildException, IOException {
        boolean maven = source.hasFile("pom.xml");
        String buildFile = maven ? "pom.xml" : source.hasFile("build.gradle") ? "build.gradle" : "build.gradle.kts";
        StringBuilder d = new StringBuilder()
                .append("# Written by HIY for a Java app (").append(buildFile)
                .append(", no Dockerfile). Commit it as Dockerfile to take it over.\n")
                .append("FROM ").append(maven ? images.maven() : images.gradle()).append(" AS build\n")
                .append("WORKDIR /src\n");
        if (maven) {
            d.append("COPY [\"pom.xml\", \"./\"]\n")
                    .append("RUN mvn -B -q dependency:go-offline\n")
                    .append("COPY . .\n")
                    .append("RUN mvn -B -q package -DskipTests && mkdir -p /out && cp \"$(")
                    .append(String.format(PICK_JAR, "target")).append(")\" /out/app.jar\n");
        } else {
            d.append("COPY . .\n")
                    .append("RUN gradle --no-daemon -q build -x test && mkdir -p /out && cp \"$(")
                    .append(String.format(PICK_JAR, "build/libs")).append(")\" /out/app.jar\n");
        }
        d.append("FROM ").append(images.runtime()).append('\n')
                .append("WORKDIR /app\n")
                .append("COPY --from=build /out/app.jar /app/app.jar\n")
                .append("CMD [\"java\", \"-jar\", \"/app/app.jar\"]\n");
        return new WrittenDockerfile(d.toString(), List.of());
    }
}
