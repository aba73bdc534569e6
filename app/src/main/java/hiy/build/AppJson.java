package hiy.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hiy.model.HealthCheck;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads app.json: Dokku's convention for health checks (healthchecks.web, the first check of type startup or
 * without a type: path is the path; wait (s) the pause between tries; initialDelay + attempts × wait the boot
 * timeout) and image, a prebuilt image to release. Anything else in app.json is left alone.
 */
public final class AppJson {
    public static final String FILE = "app.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AppJson() { }

    public static HealthCheck.Overrides healthCheck(Optional<String> text) throws BuildException {
        if (text.isEmpty()) return HealthCheck.Overrides.NONE;
        JsonNode root = root(text.get());
        for (JsonNode check : root.path("healthchecks").path("web")) {
            String type = check.path("type").asText("startup");
            if (!type.equals("startup")) continue;
            String path = check.hasNonNull("path") ? check.get("path").asText() : null;
            if (path != null && !path.startsWith("/")) {
                throw new BuildException("app.json healthchecks.web path \"" + path + "\" must start with /");
            }
            Duration wait = check.has("wait") ? Duration.ofSeconds(check.get("wait").asLong()) : null;
            Duration boot = null;
            if (check.has("attempts")) {
                long attempts = check.get("attempts").asLong();
                long pause = wait == null ? 5 : wait.toSeconds();
                boot = Duration.ofSeconds(check.path("initialDelay").asLong(0) + attempts * Math.max(1, pause));
            }
            return new HealthCheck.Overrides(path, null, wait, boot, null);
        }
        return HealthCheck.Overrides.NONE;
    }

    /**
     * app.json → image: a prebuilt image to release instead of building the commit (the commit still gives the
     * Procfile and health checks), checked as builder:set's ref= is.
     */
    static Optional<String> image(Optional<String> text) throws BuildException {
        if (text.isEmpty()) return Optional.empty();
        JsonNode image = root(text.get()).get("image");
        if (image == null || image.isNull()) return Optional.empty();
        if (!image.isTextual()) {
            throw new BuildException("app.json image must be a string such as \"docker.io/library/nginx:1.27\", not " + image);
        }
        try {
            return Optional.of(ImageStrategy.checkReference(image.asText()));
        } catch (BuildException e) {
            throw new BuildException("app.json image: " + e.getMessage().replace("ref=", ""));
        }
    }

    private static JsonNode root(String text) throws BuildException {
        try {
            JsonNode root = JSON.readTree(text);
            return root == null ? JSON.missingNode() : root;
        } catch (IOException e) {
            throw new BuildException("app.json is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + "): fix it or remove it");
        }
    }
}
