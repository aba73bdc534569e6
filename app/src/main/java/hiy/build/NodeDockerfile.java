package hiy.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the Dockerfile of a Node app from its package.json, as Heroku's Node buildpack would build it: the
 * manifests first (so a change of code alone reuses the dependency layer), npm ci with a lockfile else npm install,
 * production dependencies only, the build script when there is one, npm start unless the Procfile says otherwise.
 * Nothing of package.json is written into the Dockerfile: it only decides which of HIY's fixed lines are used,
 * so no field of it can add an instruction.
 */
final class NodeDockerfile {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a version range may hold to be printed back in a warning; anything else is not echoed. */
    private static final Pattern PRINTABLE_RANGE = Pattern.compile("[0-9A-Za-z.^~<>=|*+ -]{1,64}");
    private static final Pattern IMAGE_MAJOR = Pattern.compile(":(\\d+)(?:[.-][^/]*)?$");
    private static final Pattern GREATER = Pattern.compile(">=?\\s*v?(\\d+).*");
    private static final Pattern EXACT = Pattern.compile("[\\^~=]?\\s*v?(\\d+)(?:\\.[0-9x*]+)*");
    private static final Pattern SPAN = Pattern.compile("v?(\\d+)(?:\\.[0-9x*]+)*\\s+-\\s+v?(\\d+)(?:\\.[0-9x*]+)*");

    private NodeDockerfile() { }

    /** What of the commit decides the Dockerfile besides package.json. */
    record Files(boolean packageLock, boolean shrinkwrap, boolean yarnLock, boolean pnpmLock, boolean serverJs,
                 boolean procfileWeb) { }

    static final String PACKAGE_JSON = "package.json";

    /** The Dockerfile of the commit's package.json, with the files beside it that decide its lines. */
    static LanguageStrategy.Writer writer(String image) {
        return source -> plan(source.text(PACKAGE_JSON).orElseThrow(), image, new Files(
                source.hasFile("package-lock.json"), source.hasFile("npm-shrinkwrap.json"),
                source.hasFile("yarn.lock"), source.hasFile("pnpm-lock.yaml"), source.hasFile("server.js"),
                LanguageStrategy.hasWebProcess(source)));
    }

    static WrittenDockerfile plan(String packageJson, String image, Files files) throws BuildException {
        JsonNode root;
        try {
            root = JSON.readTree(packageJson);
        } catch (IOException e) {
            throw new BuildException("package.json is not valid JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "): fix it and push again");
        }
        if (root == null || !root.isObject()) {
            throw new BuildException("package.json must hold a JSON object ({\"name\": …, \"scripts\": …}): fix it and push again");
        }
        JsonNode scripts = root.path("scripts");
        boolean build = scripts.isObject() && scripts.path("build").isTextual() && !scripts.path("build").asText().isBlank();
        boolean start = scripts.isObject() && scripts.path("start").isTextual() && !scripts.path("start").asText().isBlank();
        if (!start && !files.serverJs() && !files.procfileWeb()) {
            throw new BuildException("nothing starts this Node app: add a \"start\" script to package.json"
                    + " (\"scripts\": {\"start\": \"node index.js\"}), or a Procfile line such as web: node index.js");
        }
        List<String> warnings = new ArrayList<>();
        engineWarning(root.path("engines").path("node"), image).ifPresent(warnings::add);
        boolean lock = files.packageLock() || files.shrinkwrap();
        if (!lock && (files.yarnLock() || files.pnpmLock())) {
            warnings.add("! " + (files.yarnLock() ? "yarn.lock" : "pnpm-lock.yaml") + " found: HIY installs with npm"
                    + " install, which does not read it; commit a package-lock.json (npm install --package-lock-only)"
                    + " for the same versions on every build");
        }
        return new WrittenDockerfile(dockerfile(image, files, lock, build), warnings);
    }

    private static String dockerfile(String image, Files files, boolean lock, boolean build) {
        List<String> manifests = new ArrayList<>(List.of("package.json"));
        if (files.packageLock()) manifests.add("package-lock.json");
        if (files.shrinkwrap()) manifests.add("npm-shrinkwrap.json");
        String install = lock ? "npm ci" : "npm install";
        StringBuilder d = new StringBuilder()
                .append("# Written by HIY for a Node app (package.json, no Dockerfile). Commit it as Dockerfile to take it over.\n")
                .append("FROM ").append(image).append('\n')
                .append("WORKDIR /app\n")
                .append("ENV NODE_ENV=production NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false\n")
                .append("COPY [");
        for (String m : manifests) d.append('"').append(m).append("\", ");
        d.append("\"./\"]\n");
        if (build) {
            // The build script usually needs the dev dependencies; they go again once it has run.
            d.append("RUN ").append(install).append(" --include=dev\n")
                    .append("COPY . .\n")
                    .append("RUN npm run build && npm prune --omit=dev\n");
        } else {
            d.append("RUN ").append(install).append(" --omit=dev\n")
                    .append("COPY . .\n");
        }
        return d.append("CMD [\"npm\", \"start\"]\n").toString();
    }

    /** A warning when engines.node asks for a Node the configured image does not have (by its tag's major). */
    static java.util.Optional<String> engineWarning(JsonNode engines, String image) {
        if (engines.isMissingNode() || engines.isNull()) return java.util.Optional.empty();
        String range = engines.isTextual() ? engines.asText().strip() : "";
        Matcher tag = IMAGE_MAJOR.matcher(image);
        if (!PRINTABLE_RANGE.matcher(range).matches()) {
            return java.util.Optional.of("! package.json engines.node is not a version range HIY can read; building with "
                    + image + " (HIY_NODE_IMAGE)");
        }
        if (tag.find() && satisfies(range, Integer.parseInt(tag.group(1)))) return java.util.Optional.empty();
        return java.util.Optional.of("! package.json asks for node " + range + "; building with " + image
                + " (the box's HIY_NODE_IMAGE; ask the admin for another, or add a Dockerfile)");
    }

    /** Whether a Node of that major version meets the range, for the forms package.json files use. */
    static boolean satisfies(String range, int major) {
        for (String alternative : range.split("\\|\\|")) {
            String a = alternative.strip();
            if (a.isEmpty() || a.equals("*") || a.equalsIgnoreCase("x") || a.equals("latest")) return true;
            Matcher span = SPAN.matcher(a);
            if (span.matches()) {
                if (Integer.parseInt(span.group(1)) <= major && major <= Integer.parseInt(span.group(2))) return true;
                continue;
            }
            Matcher greater = GREATER.matcher(a);
            if (greater.matches()) {
                // ">=18 <21": the upper bound, when there is one, must hold too.
                Matcher below = Pattern.compile("<\\s*v?(\\d+)").matcher(a);
                if (Integer.parseInt(greater.group(1)) <= major && (!below.find() || major < Integer.parseInt(below.group(1)))) {
                    return true;
                }
                continue;
            }
            Matcher exact = EXACT.matcher(a);
            if (exact.matches() && Integer.parseInt(exact.group(1)) == major) return true;
        }
        return false;
    }
}
