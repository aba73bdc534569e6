package hiy.config;

/**
 * Every setting of HIY: one environment variable, one default, one place.
 * The README's settings table is checked against this list by a test.
 */
public enum Setting {
    DATA_DIR("HIY_DATA_DIR", "~/.hiy", "All state: hiy.db (SQLite), repos/APP.git, host keys, build logs."),
    SSH_PORT("HIY_SSH_PORT", "2222", "Port of HIY's SSH server (git push and commands)."),
    HTTP_PORT("HIY_HTTP_PORT", "80", "HTTP port Caddy listens on for apps."),
    HTTPS_PORT("HIY_HTTPS_PORT", "443", "HTTPS port Caddy listens on for apps."),
    DOMAIN("HIY_DOMAIN", "localhost", "Apps are served at APP.HIY_DOMAIN."),
    CADDY_ADMIN("HIY_CADDY_ADMIN", "http://127.0.0.1:2019",
            "Caddy admin API; if no Caddy answers there, HIY starts one and stops it on exit."),
    PODMAN_SOCKET("HIY_PODMAN_SOCKET", "",
            "Podman API socket; empty: $XDG_RUNTIME_DIR/podman/podman.sock, /run/podman/podman.sock"
                    + " (HIY as root only), else HIY starts its own."),
    BOOT_TIMEOUT("HIY_BOOT_TIMEOUT", "60", "Seconds a new release has to answer HTTP before it is rolled back."),
    MEMORY_MB("HIY_MEMORY_MB", "512", "Memory limit of each app container, in MB, unless resources:set says otherwise."),
    CPUS("HIY_CPUS", "0.5", "CPU limit of each app container, unless resources:set says otherwise."),
    STOP_GRACE("HIY_STOP_GRACE", "10", "Seconds an old release gets between SIGTERM and SIGKILL."),
    KEEP_RELEASES("HIY_KEEP_RELEASES", "3", "Images of this many recent releases are kept per app, so rollback needs no build."),
    MAX_WEB("HIY_MAX_WEB", "2",
            "Most web containers one app can scale to; each app keeps twice as many loopback ports in its route."),
    MAX_CONTEXT_MB("HIY_MAX_CONTEXT_MB", "1024",
            "Largest build context (the files of the pushed commit) HIY sends to a build, in MB; a larger one is refused."),
    MAX_PUSH_MB("HIY_MAX_PUSH_MB", "500", "Largest pack one git push may send, in MB; a larger push is refused."),
    API_PORT("HIY_API_PORT", "2223",
            "Loopback port of HIY's HTTP API (tokens, see docs/http.md), served through Caddy at hiy.HIY_DOMAIN; 0 turns it off."),
    BACKUP_DIR("HIY_BACKUP_DIR", "", "Directory that gets one backup archive a day (see docs/backup.md); empty: no scheduled backups."),
    BACKUP_KEEP("HIY_BACKUP_KEEP", "30", "Newest scheduled backups kept in HIY_BACKUP_DIR; older ones are deleted."),
    NODE_IMAGE("HIY_NODE_IMAGE", "docker.io/library/node:22-bookworm-slim",
            "Base image of the Dockerfile HIY writes for a Node app (package.json, no Dockerfile)."),
    PYTHON_IMAGE("HIY_PYTHON_IMAGE", "docker.io/library/python:3.12-slim-bookworm",
            "Base image of the Dockerfile HIY writes for a Python app (requirements.txt, pyproject.toml or Pipfile)."),
    GO_IMAGE("HIY_GO_IMAGE", "docker.io/library/golang:1.22-bookworm",
            "Image that compiles a Go app (go.mod, no Dockerfile)."),
    GO_RUNTIME_IMAGE("HIY_GO_RUNTIME_IMAGE", "docker.io/library/debian:bookworm-slim",
            "Image a compiled Go app runs on."),
    RUBY_IMAGE("HIY_RUBY_IMAGE", "docker.io/library/ruby:3.3-slim-bookworm",
            "Base image of the Dockerfile HIY writes for a Ruby app (Gemfile, no Dockerfile)."),
    MAVEN_IMAGE("HIY_MAVEN_IMAGE", "docker.io/library/maven:3.9-eclipse-temurin-21",
            "Image that builds a Java app with Maven (pom.xml, no Dockerfile)."),
    GRADLE_IMAGE("HIY_GRADLE_IMAGE", "docker.io/library/gradle:8-jdk21",
            "Image that builds a Java app with Gradle (build.gradle, no Dockerfile)."),
    JAVA_RUNTIME_IMAGE("HIY_JAVA_RUNTIME_IMAGE", "docker.io/library/eclipse-temurin:21-jre",
            "Image a Java app's jar runs on."),
    PACK_BUILDER("HIY_PACK_BUILDER", "heroku/builder:24",
            "Builder image of pack builds (Cloud Native Buildpacks), when pack is installed."),
    STATIC_IMAGE("HIY_STATIC_IMAGE", "localhost/busybox:latest",
            "Image with busybox httpd that serves a static site (index.html, no Dockerfile or package.json).");

    private final String env;
    private final String defaultValue;
    private final String description;

    Setting(String env, String defaultValue, String description) {
        this.env = env;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String env() { return env; }
    public String defaultValue() { return defaultValue; }
    public String description() { return description; }
}
