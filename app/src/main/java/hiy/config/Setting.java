package hiy.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Every setting of HIY: one environment variable, one default, one type, one place (the shape of MINA's
 * CoreModuleProperties). {@link Settings} parses and checks each value once, at start. The README's settings table
 * is checked against this list by a test.
 */
public final class Setting<T> {
    public static final Setting<Path> DATA_DIR = new Setting<>("HIY_DATA_DIR", "~/.hiy",
            "All state: hiy.db (SQLite), repos/APP.git, host keys, build logs.", Setting::homePath);
    public static final Setting<Integer> SSH_PORT = new Setting<>("HIY_SSH_PORT", "2222",
            "Port of HIY's SSH server (git push and commands).", Setting::port);
    public static final Setting<Integer> HTTP_PORT = new Setting<>("HIY_HTTP_PORT", "80",
            "HTTP port Caddy listens on for apps.", Setting::port);
    public static final Setting<Integer> HTTPS_PORT = new Setting<>("HIY_HTTPS_PORT", "443",
            "HTTPS port Caddy listens on for apps.", Setting::port);
    public static final Setting<String> DOMAIN = new Setting<>("HIY_DOMAIN", "localhost",
            "Apps are served at APP.HIY_DOMAIN.", Setting::dnsName);
    public static final Setting<URI> CADDY_ADMIN = new Setting<>("HIY_CADDY_ADMIN", "http://127.0.0.1:2019",
            "Caddy admin API; if no Caddy answers there, HIY starts one and stops it on exit.", Setting::hostAndPort);
    public static final Setting<Optional<String>> PODMAN_SOCKET = new Setting<>("HIY_PODMAN_SOCKET", "",
            "Podman API socket; empty: $XDG_RUNTIME_DIR/podman/podman.sock, /run/podman/podman.sock"
                    + " (HIY as root only), else HIY starts its own.", Setting::optional);
    public static final Setting<Optional<Duration>> PODMAN_IDLE = new Setting<>("HIY_PODMAN_IDLE", "60",
            "Seconds the Podman service HIY started itself may sit unused before HIY stops it (the next call that needs"
                    + " it starts it again); 0 keeps it running.", Setting::secondsOrOff);
    public static final Setting<Duration> BOOT_TIMEOUT = new Setting<>("HIY_BOOT_TIMEOUT", "60",
            "Seconds a new release has to answer HTTP before it is rolled back.", Setting::seconds);
    public static final Setting<Integer> MEMORY_MB = new Setting<>("HIY_MEMORY_MB", "512",
            "Memory limit of each app container, in MB, unless resources:set says otherwise.", Setting::positiveInt);
    public static final Setting<Double> CPUS = new Setting<>("HIY_CPUS", "0.5",
            "CPU limit of each app container, unless resources:set says otherwise.", Setting::positiveNumber);
    public static final Setting<Duration> STOP_GRACE = new Setting<>("HIY_STOP_GRACE", "10",
            "Seconds an old release gets between SIGTERM and SIGKILL.", Setting::seconds);
    public static final Setting<Integer> KEEP_RELEASES = new Setting<>("HIY_KEEP_RELEASES", "3",
            "Images of this many recent releases are kept per app, so rollback needs no build.", Setting::positiveInt);
    public static final Setting<Integer> MAX_WEB = new Setting<>("HIY_MAX_WEB", "2",
            "Most web containers one app can scale to; each app keeps twice as many loopback ports in its route.", Setting::positiveInt);
    public static final Setting<Integer> MAX_CONTEXT_MB = new Setting<>("HIY_MAX_CONTEXT_MB", "1024",
            "Largest build context (the files of the pushed commit) HIY sends to a build, in MB; a larger one is refused.", Setting::positiveInt);
    public static final Setting<Integer> MAX_PUSH_MB = new Setting<>("HIY_MAX_PUSH_MB", "500",
            "Largest pack one git push may send, in MB; a larger push is refused.", Setting::positiveInt);
    public static final Setting<OptionalInt> API_PORT = new Setting<>("HIY_API_PORT", "2223",
            "Loopback port of HIY's HTTP API (tokens, see docs/http.md), served through Caddy at hiy.HIY_DOMAIN; 0 turns it off.", Setting::portOrOff);
    public static final Setting<Optional<Path>> BACKUP_DIR = new Setting<>("HIY_BACKUP_DIR", "",
            "Directory that gets one backup archive a day (see docs/backup.md); empty: no scheduled backups.", Setting::absoluteDirectory);
    public static final Setting<Integer> BACKUP_KEEP = new Setting<>("HIY_BACKUP_KEEP", "30",
            "Newest scheduled backups kept in HIY_BACKUP_DIR; older ones are deleted.", Setting::positiveInt);
    public static final Setting<String> NODE_IMAGE = new Setting<>("HIY_NODE_IMAGE", "docker.io/library/node:22-bookworm-slim",
            "Base image of the Dockerfile HIY writes for a Node app (package.json, no Dockerfile).", Setting::image);
    public static final Setting<String> PYTHON_IMAGE = new Setting<>("HIY_PYTHON_IMAGE", "docker.io/library/python:3.12-slim-bookworm",
            "Base image of the Dockerfile HIY writes for a Python app (requirements.txt, pyproject.toml or Pipfile).", Setting::image);
    public static final Setting<String> GO_IMAGE = new Setting<>("HIY_GO_IMAGE", "docker.io/library/golang:1.22-bookworm",
            "Image that compiles a Go app (go.mod, no Dockerfile).", Setting::image);
    public static final Setting<String> GO_RUNTIME_IMAGE = new Setting<>("HIY_GO_RUNTIME_IMAGE", "docker.io/library/debian:bookworm-slim",
            "Image a compiled Go app runs on.", Setting::image);
    public static final Setting<String> RUBY_IMAGE = new Setting<>("HIY_RUBY_IMAGE", "docker.io/library/ruby:3.3-slim-bookworm",
            "Base image of the Dockerfile HIY writes for a Ruby app (Gemfile, no Dockerfile).", Setting::image);
    public static final Setting<String> MAVEN_IMAGE = new Setting<>("HIY_MAVEN_IMAGE", "docker.io/library/maven:3.9-eclipse-temurin-21",
            "Image that builds a Java app with Maven (pom.xml, no Dockerfile).", Setting::image);
    public static final Setting<String> GRADLE_IMAGE = new Setting<>("HIY_GRADLE_IMAGE", "docker.io/library/gradle:8-jdk21",
            "Image that builds a Java app with Gradle (build.gradle, no Dockerfile).", Setting::image);
    public static final Setting<String> JAVA_RUNTIME_IMAGE = new Setting<>("HIY_JAVA_RUNTIME_IMAGE", "docker.io/library/eclipse-temurin:21-jre",
            "Image a Java app's jar runs on.", Setting::image);
    public static final Setting<String> PACK_BUILDER = new Setting<>("HIY_PACK_BUILDER", "heroku/builder:24",
            "Builder image of pack builds (Cloud Native Buildpacks), when pack is installed.", Setting::image);

    private static final List<Setting<?>> ALL = List.of(
            DATA_DIR, SSH_PORT, HTTP_PORT, HTTPS_PORT, DOMAIN, CADDY_ADMIN, PODMAN_SOCKET, PODMAN_IDLE, BOOT_TIMEOUT, MEMORY_MB,
            CPUS, STOP_GRACE, KEEP_RELEASES, MAX_WEB, MAX_CONTEXT_MB, MAX_PUSH_MB, API_PORT, BACKUP_DIR, BACKUP_KEEP,
            NODE_IMAGE, PYTHON_IMAGE, GO_IMAGE, GO_RUNTIME_IMAGE, RUBY_IMAGE, MAVEN_IMAGE, GRADLE_IMAGE,
            JAVA_RUNTIME_IMAGE, PACK_BUILDER);

    /** Turns a value into the setting's type, or throws Expected saying what a valid value looks like. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(String value, Setting<T> setting) throws Expected;
    }

    /** What a valid value looks like, as the end of "set it to …". */
    static final class Expected extends Exception {
        Expected(String what) {
            super(what, null, false, false);
        }
    }

    private final String env;
    private final String defaultValue;
    private final String description;
    private final Parser<T> parser;

    private Setting(String env, String defaultValue, String description, Parser<T> parser) {
        this.env = env;
        this.defaultValue = defaultValue;
        this.description = description;
        this.parser = parser;
    }

    /** Every setting, in the README's order. */
    public static List<Setting<?>> values() {
        return ALL;
    }

    public String env() { return env; }
    public String defaultValue() { return defaultValue; }
    public String description() { return description; }

    /** The value as HIY uses it; a bad one is refused with the variable's name, what to set and the default. */
    T parse(String value) {
        try {
            return parser.parse(value, this);
        } catch (Expected e) {
            throw new IllegalArgumentException(env + "=" + value + " is not valid: set it to " + e.getMessage()
                    + " (default " + (defaultValue.isEmpty() ? "empty" : defaultValue) + ")");
        }
    }

    @Override
    public String toString() {
        return env;
    }

    private static Path homePath(String v, Setting<Path> s) {
        if (v.equals("~") || v.startsWith("~/")) {
            v = System.getProperty("user.home") + v.substring(1);
        }
        return Path.of(v).toAbsolutePath().normalize();
    }

    private static Integer port(String v, Setting<Integer> s) throws Expected {
        try {
            int p = Integer.parseInt(v);
            if (p >= 1 && p <= 65535) return p;
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw new Expected("a port number from 1 to 65535");
    }

    /** Empty when the service is turned off (0). */
    private static OptionalInt portOrOff(String v, Setting<OptionalInt> s) throws Expected {
        return "0".equals(v) ? OptionalInt.empty() : OptionalInt.of(port(v, null));
    }

    private static String dnsName(String v, Setting<String> s) throws Expected {
        String lower = v.toLowerCase();
        if (!lower.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) throw new Expected("a lowercase DNS name such as example.com");
        return lower;
    }

    private static URI hostAndPort(String v, Setting<URI> s) throws Expected {
        try {
            URI uri = URI.create(v);
            if (uri.getHost() != null && uri.getPort() >= 0) return uri;
        } catch (IllegalArgumentException ignored) {
            // falls through to the error below
        }
        throw new Expected("a URL with host and port such as http://127.0.0.1:2019");
    }

    /** An image reference, as it goes into a FROM line of a Dockerfile HIY writes: nothing but a reference. */
    private static String image(String v, Setting<String> s) throws Expected {
        if (!v.matches("[a-z0-9][a-z0-9._:/@-]{0,254}") || v.contains("//")) {
            throw new Expected("an image reference such as " + s.defaultValue());
        }
        return v;
    }

    private static Optional<String> optional(String v, Setting<Optional<String>> s) {
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private static Optional<Path> absoluteDirectory(String v, Setting<Optional<Path>> s) throws Expected {
        if (v.isEmpty()) return Optional.empty();
        if (!v.startsWith("/")) throw new Expected("an absolute directory path such as /var/backups/hiy");
        return Optional.of(Path.of(v).normalize());
    }

    private static Optional<Duration> secondsOrOff(String v, Setting<Optional<Duration>> s) throws Expected {
        return "0".equals(v) ? Optional.empty() : Optional.of(seconds(v, null));
    }

    private static Duration seconds(String v, Setting<Duration> s) throws Expected {
        return Duration.ofSeconds(positiveInt(v, null));
    }

    private static Double positiveNumber(String v, Setting<Double> s) throws Expected {
        try {
            double d = Double.parseDouble(v);
            if (d > 0) return d;
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw new Expected("a positive number such as 0.5");
    }

    private static Integer positiveInt(String v, Setting<Integer> s) throws Expected {
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new Expected("a whole number");
        }
        if (n < 1) throw new Expected("a whole number above 0");
        return n;
    }
}
