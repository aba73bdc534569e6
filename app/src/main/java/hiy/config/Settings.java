package hiy.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Settings read once from the environment, each parsed and checked once, here; a bad value is refused with the
 * variable's name. What each one means and how it is read is in {@link Setting}.
 */
public final class Settings {
    /** As given (trimmed), or the default: what a backup records. */
    private final Map<Setting<?>, String> raw = new LinkedHashMap<>();
    private final Map<Setting<?>, Object> parsed = new LinkedHashMap<>();

    private Settings(Map<String, String> env) {
        for (Setting<?> s : Setting.values()) {
            String v = env.get(s.env());
            String value = v == null || v.isBlank() ? s.defaultValue() : v.trim();
            raw.put(s, value);
            parsed.put(s, s.parse(value));
        }
    }

    public static Settings from(Map<String, String> env) {
        return new Settings(env);
    }

    public static Settings fromEnvironment() {
        return from(System.getenv());
    }

    /** The setting's value, parsed at start. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> s) {
        return (T) parsed.get(s);
    }

    /** HIY_NAME=value of every setting as HIY runs with it, one a line: what a backup records. */
    public String recorded() {
        StringBuilder b = new StringBuilder();
        raw.forEach((s, v) -> b.append(s.env()).append('=').append(v).append('\n'));
        return b.toString();
    }

    public Path dataDir() { return get(Setting.DATA_DIR); }
    public int sshPort() { return get(Setting.SSH_PORT); }
    public int httpPort() { return get(Setting.HTTP_PORT); }
    public int httpsPort() { return get(Setting.HTTPS_PORT); }
    /** Empty when the HTTP API is turned off (HIY_API_PORT=0). */
    public OptionalInt apiPort() { return get(Setting.API_PORT); }
    public String domain() { return get(Setting.DOMAIN); }
    public URI caddyAdmin() { return get(Setting.CADDY_ADMIN); }
    public String nodeImage() { return get(Setting.NODE_IMAGE); }
    public String pythonImage() { return get(Setting.PYTHON_IMAGE); }
    public String goImage() { return get(Setting.GO_IMAGE); }
    public String goRuntimeImage() { return get(Setting.GO_RUNTIME_IMAGE); }
    public String rubyImage() { return get(Setting.RUBY_IMAGE); }
    public String mavenImage() { return get(Setting.MAVEN_IMAGE); }
    public String gradleImage() { return get(Setting.GRADLE_IMAGE); }
    public String javaRuntimeImage() { return get(Setting.JAVA_RUNTIME_IMAGE); }
    public String packBuilder() { return get(Setting.PACK_BUILDER); }
    public Optional<String> podmanSocket() { return get(Setting.PODMAN_SOCKET); }
    /** How long HIY's own Podman service may sit unused before it is stopped; empty: it keeps running. */
    public Optional<Duration> podmanIdle() { return get(Setting.PODMAN_IDLE); }
    public Duration bootTimeout() { return get(Setting.BOOT_TIMEOUT); }
    public Duration stopGrace() { return get(Setting.STOP_GRACE); }
    public int keepReleases() { return get(Setting.KEEP_RELEASES); }
    public int maxWeb() { return get(Setting.MAX_WEB); }
    /** Each web container needs a slot of its own, and a switch starts the new ones beside the old. */
    public int slotsPerApp() { return 2 * maxWeb(); }
    public long memoryBytes() { return get(Setting.MEMORY_MB) * 1024L * 1024L; }
    public long maxContextBytes() { return get(Setting.MAX_CONTEXT_MB) * 1024L * 1024L; }
    public long maxPushBytes() { return get(Setting.MAX_PUSH_MB) * 1024L * 1024L; }
    public int backupKeep() { return get(Setting.BACKUP_KEEP); }
    /** Where scheduled backups go; empty: none are taken. */
    public Optional<Path> backupDir() { return get(Setting.BACKUP_DIR); }
    public double cpus() { return get(Setting.CPUS); }
}
