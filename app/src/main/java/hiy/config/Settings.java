package hiy.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Settings read once from the environment; a bad value is refused with the variable's name. */
public final class Settings {
    private final Map<Setting, String> values = new EnumMap<>(Setting.class);

    private Settings(Map<String, String> env) {
        for (Setting s : Setting.values()) {
            String v = env.get(s.env());
            values.put(s, v == null || v.isBlank() ? s.defaultValue() : v.trim());
        }
    }

    public static Settings from(Map<String, String> env) {
        Settings settings = new Settings(env);
        settings.validate();
        return settings;
    }

    public static Settings fromEnvironment() {
        return from(System.getenv());
    }

    private void validate() {
        sshPort();
        httpPort();
        httpsPort();
        bootTimeout();
        memoryBytes();
        cpus();
        stopGrace();
        keepReleases();
        maxWeb();
        maxContextBytes();
        maxPushBytes();
        apiPort();
        caddyAdmin();
        backupKeep();
        backupDir();
        nodeImage();
        staticImage();
        pythonImage();
        goImage();
        goRuntimeImage();
        rubyImage();
        mavenImage();
        gradleImage();
        javaRuntimeImage();
        packBuilder();
        if (!domain().matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
            throw invalid(Setting.DOMAIN, "a lowercase DNS name such as example.com");
        }
    }

    /** HIY_NAME=value of every setting as HIY runs with it, one a line: what a backup records. */
    public String recorded() {
        StringBuilder b = new StringBuilder();
        values.forEach((s, v) -> b.append(s.env()).append('=').append(v).append('\n'));
        return b.toString();
    }

    public Path dataDir() {
        String v = values.get(Setting.DATA_DIR);
        if (v.equals("~") || v.startsWith("~/")) {
            v = System.getProperty("user.home") + v.substring(1);
        }
        return Path.of(v).toAbsolutePath().normalize();
    }

    public int sshPort() { return port(Setting.SSH_PORT); }
    public int httpPort() { return port(Setting.HTTP_PORT); }
    public int httpsPort() { return port(Setting.HTTPS_PORT); }
    /** Empty when the HTTP API is turned off (HIY_API_PORT=0). */
    public OptionalInt apiPort() {
        return "0".equals(values.get(Setting.API_PORT)) ? OptionalInt.empty() : OptionalInt.of(port(Setting.API_PORT));
    }

    public String domain() { return values.get(Setting.DOMAIN).toLowerCase(); }

    public URI caddyAdmin() {
        String v = values.get(Setting.CADDY_ADMIN);
        try {
            URI uri = URI.create(v);
            if (uri.getHost() == null || uri.getPort() < 0) throw new IllegalArgumentException();
            return uri;
        } catch (IllegalArgumentException e) {
            throw invalid(Setting.CADDY_ADMIN, "a URL with host and port such as http://127.0.0.1:2019");
        }
    }

    public String nodeImage() { return image(Setting.NODE_IMAGE); }
    public String staticImage() { return image(Setting.STATIC_IMAGE); }
    public String pythonImage() { return image(Setting.PYTHON_IMAGE); }
    public String goImage() { return image(Setting.GO_IMAGE); }
    public String goRuntimeImage() { return image(Setting.GO_RUNTIME_IMAGE); }
    public String rubyImage() { return image(Setting.RUBY_IMAGE); }
    public String mavenImage() { return image(Setting.MAVEN_IMAGE); }
    public String gradleImage() { return image(Setting.GRADLE_IMAGE); }
    public String javaRuntimeImage() { return image(Setting.JAVA_RUNTIME_IMAGE); }
    public String packBuilder() { return image(Setting.PACK_BUILDER); }

    /** An image reference, as it goes into a FROM line of a Dockerfile HIY writes: nothing but a reference. */
    private String image(Setting s) {
        String v = values.get(s);
        if (!v.matches("[a-z0-9][a-z0-9._:/@-]{0,254}") || v.contains("//")) {
            throw invalid(s, "an image reference such as " + s.defaultValue());
        }
        return v;
    }

    public Optional<String> podmanSocket() {
        String v = values.get(Setting.PODMAN_SOCKET);
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    public Duration bootTimeout() { return Duration.ofSeconds(positiveInt(Setting.BOOT_TIMEOUT)); }
    public Duration stopGrace() { return Duration.ofSeconds(positiveInt(Setting.STOP_GRACE)); }
    public int keepReleases() { return positiveInt(Setting.KEEP_RELEASES); }
    public int maxWeb() { return positiveInt(Setting.MAX_WEB); }
    /** Each web container needs a slot of its own, and a switch starts the new ones beside the old. */
    public int slotsPerApp() { return 2 * maxWeb(); }
    public long memoryBytes() { return positiveInt(Setting.MEMORY_MB) * 1024L * 1024L; }
    public long maxContextBytes() { return positiveInt(Setting.MAX_CONTEXT_MB) * 1024L * 1024L; }
    public long maxPushBytes() { return positiveInt(Setting.MAX_PUSH_MB) * 1024L * 1024L; }

    public int backupKeep() { return positiveInt(Setting.BACKUP_KEEP); }

    /** Where scheduled backups go; empty: none are taken. */
    public Optional<Path> backupDir() {
        String v = values.get(Setting.BACKUP_DIR);
        if (v.isEmpty()) return Optional.empty();
        if (!v.startsWith("/")) throw invalid(Setting.BACKUP_DIR, "an absolute directory path such as /var/backups/hiy");
        return Optional.of(Path.of(v).normalize());
    }

    public double cpus() {
        try {
            double d = Double.parseDouble(values.get(Setting.CPUS));
            if (d > 0) return d;
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw invalid(Setting.CPUS, "a positive number such as 0.5");
    }

    private int port(Setting s) {
        try {
            int p = Integer.parseInt(values.get(s));
            if (p >= 1 && p <= 65535) return p;
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw invalid(s, "a port number from 1 to 65535");
    }

    private int positiveInt(Setting s) {
        int v = parseInt(s);
        if (v < 1) throw invalid(s, "a whole number above 0");
        return v;
    }

    private int parseInt(Setting s) {
        try {
            return Integer.parseInt(values.get(s));
        } catch (NumberFormatException e) {
            throw invalid(s, "a whole number");
        }
    }

    private IllegalArgumentException invalid(Setting s, String expected) {
        return new IllegalArgumentException(s.env() + "=" + values.get(s) + " is not valid: set it to " + expected
                + " (default " + (s.defaultValue().isEmpty() ? "empty" : s.defaultValue()) + ")");
    }
}
