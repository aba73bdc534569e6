package hiy.e2e;

import hiy.commands.StoredKeys;
import hiy.config.Settings;
import hiy.runtime.TestPodman;
import hiy.server.HiyServer;
import hiy.store.Database;
import hiy.store.Users;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real HIY on free loopback ports with a temp data dir, reached the way a user reaches it:
 * the git and ssh binaries over real SSH, HTTP through the real Caddy. Removes every container and
 * image of the apps it handed out.
 */
final class TestBox implements AutoCloseable {
    static final Duration DEPLOY_DEADLINE = Duration.ofMinutes(3);
    /**
     * HIY_E2E_USER=hiy: each box's HIY runs as that user, as infra/run.sh runs it by default (rootless Podman): always
     * in a JVM of its own, its data dir that user's, and the test's podman commands as that user, so they see its
     * containers. Unset: HIY runs as the test runs (root: rootful Podman).
     */
    static final String AS_USER = TestPodman.AS_USER;
    private static String readableClasspath;

    final Path root;
    final Path dataDir;
    final int sshPort;
    final int httpPort;
    final int httpsPort;
    final int adminPort;
    final int apiPort;
    final Path adminKey;
    private final Map<String, String> extraEnv;
    private final Set<String> apps = ConcurrentHashMap.newKeySet();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private HiyServer server;
    /** HIY in a JVM of its own, for tests that kill it the hard way. */
    private Process process;

    /** The umask `hiy server` starts with in its own JVM (as `umask 022` in a shell); null: the test's own. */
    private final String umask;

    private TestBox(Map<String, String> extraEnv, boolean ownProcess, String umask) throws Exception {
        this.extraEnv = extraEnv;
        this.umask = umask;
        root = Files.createTempDirectory("hiy-e2e-");
        dataDir = root.resolve("data");
        sshPort = freePort();
        httpPort = freePort();
        httpsPort = freePort();
        adminPort = freePort();
        apiPort = freePort();
        if (!AS_USER.isEmpty()) {
            // The user must reach its data dir; the keys and projects beside it stay the test's (0600 keys).
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        }
        adminKey = newKey("admin");
        addKey("alice", adminKey, true);
        try {
            if (ownProcess) startProcess();
            else start();
        } catch (Exception | AssertionError e) {
            // A box that did not start is nobody's to close: what it left (its folder, a Caddy) goes now.
            close();
            throw e;
        }
    }

    /**
     * A second HIY on ports of its own whose data dir is restored from a backup with `hiy restore` (run as an operator
     * would, in a JVM of its own); the original's admin key logs in to it once {@link #start()}ed.
     */
    private TestBox(TestBox original, Path archive) throws Exception {
        this.extraEnv = Map.of();
        this.umask = null;
        root = Files.createTempDirectory("hiy-e2e-restored-");
        if (!AS_USER.isEmpty()) Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        dataDir = root.resolve("data");
        sshPort = freePort();
        httpPort = freePort();
        httpsPort = freePort();
        adminPort = freePort();
        apiPort = freePort();
        adminKey = root.resolve("key-admin");
        Files.copy(original.adminKey, adminKey);
        Files.copy(Path.of(original.adminKey + ".pub"), Path.of(adminKey + ".pub"));
        if (!AS_USER.isEmpty()) {
            // As infra/hiy restores: as HIY's user, into an empty data dir of theirs (volumes go to their Podman).
            Files.createDirectories(dataDir);
            giveDataDirToUser();
        }
        hiy("restore", archive.toString()).assertOk();
    }

    static TestBox restoredFrom(TestBox original, Path archive) throws Exception {
        return new TestBox(original, archive);
    }

    /**
     * The hiy command on the box (hiy keys, hiy backup, hiy restore) with this box's settings, in a JVM of its own, as
     * AS_USER when set (as infra/hiy runs it).
     */
    Result hiy(String... args) throws Exception {
        return hiyWith(env(), args);
    }

    Result hiyWith(Map<String, String> env, String... args) throws Exception {
        return run(root, ownJvm(args), env);
    }

    static TestBox start(Map<String, String> extraEnv) throws Exception {
        return new TestBox(extraEnv, false, null);
    }

    static TestBox startAsProcess(Map<String, String> extraEnv) throws Exception {
        return new TestBox(extraEnv, true, null);
    }

    /** HIY in its own JVM started from a shell with this umask, as an operator's login shell would start it. */
    static TestBox startAsProcess(Map<String, String> extraEnv, String umask) throws Exception {
        return new TestBox(extraEnv, true, umask);
    }

    /** Starts `hiy server` in its own JVM and waits for its banner. */
    void startProcess() throws Exception {
        Path log = root.resolve("hiy-" + System.nanoTime() + ".log");
        List<String> cmd = new ArrayList<>(ownJvm("server"));
        if (umask != null) cmd.addAll(0, List.of("sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"));
        giveDataDirToUser();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env());
        process = pb.start();
        Await.until("HIY listening", Duration.ofSeconds(90), () -> {
            String said = Files.readString(log);
            if (!process.isAlive()) throw new AssertionError("HIY did not start: " + said);
            return said;
        }, said -> said.contains("listening"));
    }

    /** The command line of `hiy ARGS` in a JVM of its own: as AS_USER when set (as infra/hiy runs it), else as the test. */
    static List<String> ownJvm(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(AS_USER.isEmpty() ? List.of() : asUser());
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", AS_USER.isEmpty() ? System.getProperty("java.class.path") : readableClasspath(), "hiy.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The HIY process, while it runs in a JVM of its own. */
    Process process() {
        return process;
    }

    /** What that JVM printed: HIY's log. */
    Path processLog() throws IOException {
        try (var logs = Files.list(root)) {
            return logs.filter(p -> p.getFileName().toString().matches("hiy-\\d+\\.log")).max(Path::compareTo)
                    .orElseThrow(() -> new AssertionError("HIY was not started in a JVM of its own"));
        }
    }

    /** kill -9 of the HIY process: nothing of HIY's own shutdown runs. */
    void killProcess() throws Exception {
        process.destroyForcibly().waitFor();
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HIY_DATA_DIR", dataDir.toString());
        env.put("HIY_SSH_PORT", String.valueOf(sshPort));
        env.put("HIY_HTTP_PORT", String.valueOf(httpPort));
        env.put("HIY_HTTPS_PORT", String.valueOf(httpsPort));
        env.put("HIY_CADDY_ADMIN", "http://127.0.0.1:" + adminPort);
        env.put("HIY_DOMAIN", "localhost");
        env.put("HIY_API_PORT", String.valueOf(apiPort));
        env.putAll(extraEnv);
        return env;
    }

    void start() throws Exception {
        if (!AS_USER.isEmpty()) {
            startProcess();
            return;
        }
        server = HiyServer.start(Settings.from(env()));
    }

    /** Stops HIY as it stops on its own: in this JVM, or (as AS_USER) with SIGTERM to its JVM. */
    void stop() throws InterruptedException {
        if (server != null) server.close();
        server = null;
        if (!AS_USER.isEmpty() && process != null && process.isAlive()) {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** Pids of the live processes whose command line contains {@code mark} (say, a path in the data dir), from /proc. */
    static List<Long> processesNaming(String mark) throws Exception {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : proc) {
                try {
                    String commandLine = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (commandLine.contains(mark)) pids.add(Long.parseLong(p.getFileName().toString()));
                } catch (IOException ended) {
                    // the process ended while the list was read
                }
            }
        }
        return pids;
    }

    /** The app's entry in `apps --json` (status, restarts, last_exit …). */
    com.fasterxml.jackson.databind.JsonNode appJson(String app) throws Exception {
        for (com.fasterxml.jackson.databind.JsonNode a : new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ssh("apps --json").assertOk().out())) {
            if (a.path("name").asText().equals(app)) return a;
        }
        throw new AssertionError(app + " is not listed by apps --json");
    }

    /** A unique app name for this test; its containers and images are removed on close. */
    String appName(String prefix) {
        String name = prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        apps.add(name);
        return name;
    }

    /** An app name another box handed out, used here too (two HIYs with an app of the same name). */
    String sameAppAs(String name) {
        apps.add(name);
        return name;
    }

    Path newKey(String name) throws Exception {
        Path key = root.resolve("key-" + name);
        run(root, List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name + "@test", "-f", key.toString()), Map.of())
                .assertOk();
        return key;
    }

    void addKey(String user, Path key, boolean admin) throws Exception {
        Users users = new Users(Database.open(dataDir.resolve("hiy.db")));
        StoredKeys.add(users, user, admin, Files.readString(Path.of(key + ".pub")));
        giveDataDirToUser();
    }

    /** Files the test wrote into the data dir (the database, as `keys add` would) become HIY's user's. */
    private void giveDataDirToUser() throws Exception {
        giveToUser(dataDir);
    }

    /**
     * As AS_USER, the folder and everything in it become that user's (as `chown -R hiy:`); nothing otherwise. A file
     * that went while chown walked (SQLite drops its -wal and -shm files when a connection of the running HIY closes)
     * has no owner left to change: only that error is let pass.
     */
    static void giveToUser(Path dir) throws Exception {
        if (AS_USER.isEmpty() || !Files.exists(dir)) return;
        Result chown = run(Path.of("/"), List.of("chown", "-R", AS_USER + ":", dir.toString()), Map.of());
        boolean onlyGone = !chown.err().isBlank()
                && chown.err().lines().allMatch(line -> line.endsWith(": No such file or directory"));
        if (!onlyGone) chown.assertOk();
    }

    /** The command prefix that runs a program as AS_USER with the environment infra/hiy gives it. */
    private static List<String> asUser() throws Exception {
        return TestPodman.asUser();
    }

    /** The test's class path, its jars copied where AS_USER can read them (root's ~/.m2 is root's alone). */
    private static synchronized String readableClasspath() throws IOException {
        if (readableClasspath != null) return readableClasspath;
        Path dir = Files.createTempDirectory("hiy-e2e-classpath-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                run(Path.of("/"), List.of("rm", "-rf", dir.toString()), Map.of());
            } catch (Exception e) {
                // a temp dir left behind
            }
        }));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (Files.isDirectory(source)) {
                entries.add(entry);
                continue;
            }
            Path copy = dir.resolve(n++ + "-" + source.getFileName());
            Files.copy(source, copy);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
            entries.add(copy.toString());
        }
        readableClasspath = String.join(File.pathSeparator, entries);
        return readableClasspath;
    }

    String remote(String app) {
        return "ssh://hiy@127.0.0.1:" + sshPort + "/" + app;
    }

    private String sshCommand(Path key) {
        return "ssh -i " + key + " -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"
                + " -o LogLevel=ERROR -o BatchMode=yes";
    }

    Result git(Path dir, String... args) throws Exception {
        return gitAs(adminKey, dir, args);
    }

    Result gitAs(Path key, Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        return run(dir, cmd, Map.of("GIT_SSH_COMMAND", sshCommand(key)));
    }

    /** The commit HIY's branch points at, as `git ls-remote` reports it; "" when the branch does not exist. */
    String remoteSha(String app, String branch) throws Exception {
        String line = git(root, "ls-remote", remote(app), "refs/heads/" + branch).assertOk().out().trim();
        return line.isEmpty() ? "" : line.split("\\s+")[0];
    }

    /** The full sha of a commit in a work tree (HEAD, HEAD~1 …). */
    String sha(Path dir, String rev) throws Exception {
        return git(dir, "rev-parse", rev).assertOk().out().trim();
    }

    /** A push or ssh command left running, as a user at a terminal would: its output goes to a file as it arrives. */
    record BackgroundPush(Process process, Path file) {
        /** Waits until the command printed the text; fails if it ends or the deadline passes first. */
        void awaitOutput(String text, Duration deadline) throws Exception {
            Await.until("the command prints \"" + text + "\"", deadline, () -> {
                String said = Files.readString(file);
                if (!said.contains(text) && !process.isAlive()) {
                    throw new AssertionError("command ended without printing \"" + text + "\": " + said);
                }
                return said;
            }, said -> said.contains(text));
        }

        String text() throws Exception {
            return Files.readString(file);
        }
    }

    BackgroundPush pushInBackground(Path key, Path src, String app) throws Exception {
        Path output = Files.createTempFile(root, "push-" + app, ".err");
        ProcessBuilder pb = new ProcessBuilder("git", "push", remote(app), "main").directory(src.toFile())
                .redirectError(output.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("GIT_SSH_COMMAND", sshCommand(key));
        return new BackgroundPush(pb.start(), output);
    }

    /** An ssh command left running; its stdout and stderr go to one file. */
    BackgroundPush sshInBackground(String commandLine) throws Exception {
        return sshInBackground(adminKey, commandLine);
    }

    /** As sshInBackground, as the key's owner. */
    BackgroundPush sshInBackground(Path key, String commandLine) throws Exception {
        Path output = Files.createTempFile(root, "ssh-", ".out");
        List<String> cmd = new ArrayList<>(List.of(sshCommand(key).split(" ")));
        cmd.addAll(List.of("-p", String.valueOf(sshPort), "hiy@127.0.0.1", commandLine));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return new BackgroundPush(p, output);
    }

    Result ssh(String commandLine) throws Exception {
        return sshAs(adminKey, commandLine);
    }

    /** As a user at a terminal: ssh -tt forces a PTY even though the test has none. */
    Result sshTty(String commandLine) throws Exception {
        return sshTtyWithInput(Path.of("/dev/null"), commandLine);
    }

    /** As sshTty, with what the user types read from a file. */
    Result sshTtyWithInput(Path input, String commandLine) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(sshCommand(adminKey).split(" ")));
        cmd.addAll(List.of("-tt", "-p", String.valueOf(sshPort), "hiy@127.0.0.1", commandLine));
        return run(root, cmd, Map.of(), input);
    }

    /** The ssh client left running, its input a pipe the test holds open, its output thrown away. */
    Process sshHeldOpen(String commandLine) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(sshCommand(adminKey).split(" ")));
        cmd.addAll(List.of("-p", String.valueOf(sshPort), "hiy@127.0.0.1", commandLine));
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Names of the one-off containers (`run`) of the app, running or not. */
    String oneOffs(String app) throws Exception {
        return podman("ps", "-a", "--filter", "label=hiy.run=" + app, "--format", "{{.Names}}").out().trim();
    }

    Result sshAs(Path key, String commandLine) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(sshCommand(key).split(" ")));
        cmd.addAll(List.of("-p", String.valueOf(sshPort), "hiy@127.0.0.1"));
        if (commandLine != null) cmd.add(commandLine);
        return run(root, cmd, Map.of());
    }

    /** ssh hiy@box COMMAND > file: its standard output, binary, goes to the file; its standard error is returned. */
    Result sshToFile(String commandLine, Path file) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(sshCommand(adminKey).split(" ")));
        cmd.addAll(List.of("-p", String.valueOf(sshPort), "hiy@127.0.0.1", commandLine));
        Path err = Files.createTempFile(root, "ssh-", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(file.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(DEPLOY_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Result(p.exitValue(), "", Files.readString(err));
    }

    /** As sshAs, with the command's standard input read from a file (ssh ... COMMAND < input). */
    Result sshAsWithInput(Path key, Path input, String commandLine) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(sshCommand(key).split(" ")));
        cmd.addAll(List.of("-p", String.valueOf(sshPort), "hiy@127.0.0.1", commandLine));
        return run(root, cmd, Map.of(), input);
    }

    /** A fresh work tree with the given files committed on main. */
    Path project(String name, Map<String, String> files) throws Exception {
        Path dir = root.resolve("src-" + name + "-" + System.nanoTime());
        Files.createDirectories(dir);
        run(dir, List.of("git", "init", "-q", "-b", "main"), Map.of()).assertOk();
        commit(dir, files, "first");
        return dir;
    }

    void commit(Path dir, Map<String, String> files, String message) throws Exception {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        run(dir, List.of("git", "add", "-A"), Map.of()).assertOk();
        run(dir, List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q",
                "--allow-empty", "-m", message), Map.of()).assertOk();
    }

    /** A Dockerfile app on the local busybox image that serves the given page on $PORT. */
    static Map<String, String> webApp(String page) {
        return Map.of(
                "Dockerfile", "FROM localhost/busybox:latest\nCOPY index.html /www/index.html\n"
                        + "CMD exec httpd -f -p \"$PORT\" -h /www\n",
                "index.html", page + "\n");
    }

    HttpResponse<String> get(String app, String path) throws Exception {
        return getHost(app + ".localhost", path);
    }

    HttpResponse<String> getHost(String host, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Host", host).timeout(Duration.ofSeconds(5)).GET().build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** Polls the app until its response satisfies the condition; returns that response. */
    HttpResponse<String> awaitPage(String app, Predicate<HttpResponse<String>> condition, Duration deadline) throws Exception {
        Object answer = awaitDeploy(app, () -> Await.until("app " + app + " answers as expected", deadline, () -> {
            try {
                return get(app, "/");
            } catch (IOException e) {
                return e;
            }
        }, a -> a instanceof HttpResponse<?> r && condition.test(page(r))));
        return page((HttpResponse<?>) answer);
    }

    /** A wait on the app's deploy; when it fails, its message tells what HIY says about the app ({@link DeployReport}). */
    private <T> T awaitDeploy(String app, Await.Probe<T> wait) throws Exception {
        try {
            return wait.get();
        } catch (AssertionError e) {
            throw DeployReport.explain(this, app, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static HttpResponse<String> page(HttpResponse<?> r) {
        return (HttpResponse<String>) r;
    }

    /** This HIY's instance id (written into its data dir at its first start). */
    String instance() throws IOException {
        return Files.readString(dataDir.resolve("instance-id")).strip();
    }

    /** The name HIY gives the app's container: container(app, "v1-web-1") is hiy-INSTANCE-APP-v1-web-1. */
    String container(String app, String rest) throws IOException {
        return "hiy-" + instance() + "-" + app + "-" + rest;
    }

    /** The Podman name of the app's volume NAME: hiy-INSTANCE-APP-NAME. */
    String volume(String app, String name) throws IOException {
        return "hiy-" + instance() + "-" + app + "-" + name;
    }

    /**
     * Waits until exactly the named containers (running or not, one per line, any order) are this HIY's of the app.
     * The names are written without the instance part (hiy-APP-v1-web-1 for hiy-INSTANCE-APP-v1-web-1).
     */
    void awaitContainers(String app, String expected, Duration deadline) throws Exception {
        String prefix = "hiy-" + instance() + "-";
        awaitDeploy(app, () -> Await.until("containers of " + app + " are [" + expected + "]", deadline,
                () -> podman("ps", "-a", "--filter", "label=hiy.app=" + app, "--filter", "label=hiy.instance=" + instance(),
                        "--format", "{{.Names}}").out().trim().lines()
                        .map(n -> n.startsWith(prefix) ? "hiy-" + n.substring(prefix.length()) : n).sorted().toList(),
                found -> found.equals(expected.lines().sorted().toList())));
    }

    /**
     * The podman command, as an operator types it. Podman 4.3.1 sometimes fails to remove a container that ran in a
     * user namespace of its own ("userdata/shm: device or resource busy") and succeeds moments later, as HIY's own
     * removals do ({@code PodmanRuntime}): an operator would run it again, and so does this, a few times.
     */
    Result podman(String... args) throws Exception {
        return podmanWithInput(Path.of("/dev/null"), args);
    }

    /** As {@link #podman}, its standard input read from a file (podman import - …); also once the box is closed. */
    static Result podmanWithInput(Path input, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(AS_USER.isEmpty() ? List.of() : asUser());
        cmd.add("podman");
        cmd.addAll(List.of(args));
        Result r = run(Path.of("/"), cmd, Map.of(), input);
        for (int again = 0; again < 10 && r.exit() != 0 && r.err().contains("resource busy"); again++) {
            Thread.sleep(200);
            r = run(Path.of("/"), cmd, Map.of(), input);
        }
        return r;
    }

    /** The podman command as {@link #podman} runs it, from / (for what outlives a box, such as base images). */
    static Result podmanOutsideABox(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(AS_USER.isEmpty() ? List.of() : asUser());
        cmd.add("podman");
        cmd.addAll(List.of(args));
        return run(Path.of("/"), cmd, Map.of());
    }

    static Result run(Path dir, List<String> cmd, Map<String, String> env) throws Exception {
        return run(dir, cmd, env, Path.of("/dev/null"));
    }

    static Result run(Path dir, List<String> cmd, Map<String, String> env, Path input) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false);
        pb.environment().putAll(env);
        pb.redirectInput(input.toFile());
        Path out = Files.createTempFile("hiy-out", ".txt");
        Path err = Files.createTempFile("hiy-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(DEPLOY_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                // Its children too (git's ssh), so nothing is left running; what it printed says where it stood.
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out after " + DEPLOY_DEADLINE.toSeconds() + " s: " + cmd
                        + "\n--- its output, the end:\n" + tail(out) + "\n--- its errors, the end:\n" + tail(err));
            }
            // Decoded leniently: a command may print bytes that are not UTF-8 (ssh backup writes an archive).
            return new Result(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String tail(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        return text.length() <= 3000 ? text : "…" + text.substring(text.length() - 3000);
    }

    record Result(int exit, String out, String err) {
        Result assertOk() {
            if (exit != 0) throw new AssertionError("exit " + exit + "\nstdout: " + out + "\nstderr: " + err);
            return this;
        }

        /** A push of main whose deploy did not go live: git exits non-zero and names the reason on the ref. */
        Result assertDeployRejected(String reason) {
            String line = "! [remote rejected] main -> main (deploy failed: " + reason;
            if (exit == 0 || !err.contains(line)) {
                throw new AssertionError("expected a rejected push with \"" + line + "\"; exit " + exit + "\nstderr: " + err);
            }
            return this;
        }

        String all() {
            return out + err;
        }
    }

    /** Ports this test run handed out already: the kernel may give a just-closed port out again at once. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** A free loopback port, never one this run handed out before (a box's HTTP and HTTPS port once came out equal). */
    static int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(s.getLocalPort())) return s.getLocalPort();
            }
        }
    }

    /** Tags of the images HIY built for the app (Podman may store hiy/x as docker.io/hiy/x). */
    List<String> imagesOf(String app) throws Exception {
        List<String> tags = new ArrayList<>();
        for (String ref : podman("images", "--format", "{{.Repository}}:{{.Tag}}").out().split("\\s+")) {
            if (ref.startsWith("hiy/" + app + ":") || ref.contains("/hiy/" + app + ":")) tags.add(ref);
        }
        return tags;
    }

    @Override
    public void close() throws Exception {
        stop();
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        // A killed HIY leaves its Caddy and Podman service behind, as a real crash would; they are this test's.
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(root.toString())).orElse(false))
                .forEach(ProcessHandle::destroy);
        for (String app : apps) {
            for (String label : List.of("hiy.app", "hiy.run")) {
                Result ids = podman("ps", "-aq", "--filter", "label=" + label + "=" + app);
                for (String id : ids.out().split("\\s+")) {
                    if (!id.isBlank()) podman("rm", "-f", "-t", "0", id);
                }
            }
            for (String image : imagesOf(app)) podman("rmi", "-f", image);
            if (Files.exists(dataDir.resolve("instance-id"))) {
                podman("network", "rm", "-f", "hiy-" + instance() + "-" + app);
                for (String volume : podman("volume", "ls", "-q", "--filter", "label=hiy.instance=" + instance(),
                        "--filter", "label=hiy.volume=" + app).out().split("\\s+")) {
                    if (!volume.isBlank()) podman("volume", "rm", "-f", volume);
                }
            }
        }
        run(Path.of("/"), List.of("rm", "-rf", root.toString()), Map.of());
    }
}
