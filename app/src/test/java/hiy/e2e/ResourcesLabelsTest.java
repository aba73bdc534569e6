package hiy.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * resources:set and labels:set over real SSH reach the app's new containers (read back with podman inspect); a process
 * over its memory limit is killed and ps says why; bad limits and HIY's own hiy.* labels are refused and change
 * nothing. Where Podman does not enforce limits (rootless on cgroup v1, as HIY_E2E_USER on these boxes) the limits
 * are kept but reach no container, and ps and apps:report say they are not enforced and why, rather than a limit.
 */
// Also in the rootful pass (infra/test.sh): limits: enforced rootful; rootless on cgroup v1, ignored by Podman and
// said so
@Tag("e2e")
@Tag("both-modes")
class ResourcesLabelsTest {
    static TestBox box;
    static boolean enforced;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "20", "HIY_STOP_GRACE", "3"));
        enforced = PodmanMode.of(box).limitsEnforced();
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
    }

    /** web serves; worker sleeps; hog fills its memory a moment after it starts. */
    private static Map<String, String> app() {
        Map<String, String> files = new java.util.HashMap<>(TestBox.webApp("limits"));
        files.put("Procfile", "web: exec httpd -f -p \"$PORT\" -h /www\nworker: exec sleep 100000\n"
                + "hog: sleep 2; x=$(busybox tr '\\0' a < /dev/zero)\n");
        return files;
    }

    /** The running container of process TYPE.N of the app. */
    private static String container(String app, String process) throws Exception {
        String names = box.podman("ps", "--filter", "label=hiy.app=" + app, "--filter", "label=hiy.process=" + process,
                "--format", "{{.Names}}").out().strip();
        assertEquals(1, names.lines().count(), "one running " + process + ": " + names);
        return names;
    }

    private static String inspect(String container, String format) throws Exception {
        return box.podman("inspect", container, "--format", format).assertOk().out().strip();
    }

    /** The memory and CPU limits of the container as Podman holds it to them: none where limits are not enforced. */
    private static String limits(long memoryBytes, long nanoCpus) {
        return enforced ? memoryBytes + " " + nanoCpus : "0 0";
    }

    /** What ps says of a process's limits: "of 64.0 MB, 0.25 CPU", or that there is none. */
    private static String psLimits(String memory, String cpus) {
        return enforced ? " of " + memory + " MB, " + cpus + " CPU" : " (no limit)";
    }

    private static String psLine(String app, String process) throws Exception {
        String ps = box.ssh("ps " + app).assertOk().out();
        return ps.lines().filter(l -> l.startsWith(process + " ")).findFirst().orElse("(no " + process + " in: " + ps + ")");
    }

    @Test
    void limitsPerAppAndPerProcessTypeReachTheNewContainers() throws Exception {
        String app = box.appName("limits");
        Path src = box.project(app, app());
        box.git(src, "push", box.remote(app), "main").assertOk();
        assertEquals(limits(512L * 1024 * 1024, 500_000_000), inspect(container(app, "web.1"),
                "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}"), "HIY_MEMORY_MB and HIY_CPUS by default");

        String set = box.ssh("resources:set " + app + " memory=64M cpus=0.25").assertOk().out();
        assertTrue(set.contains("memory 64 MB, cpus 0.25") && set.contains("restarted"), set);
        assertEquals(limits(64L * 1024 * 1024, 250_000_000), inspect(container(app, "web.1"),
                "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}"));

        box.ssh("resources:set " + app + " memory=32M --process worker").assertOk();
        box.ssh("ps:scale " + app + " worker=1").assertOk();
        assertEquals(limits(32L * 1024 * 1024, 250_000_000), inspect(container(app, "worker.1"),
                "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}"), "the type's memory, the app's CPUs");
        assertTrue(psLine(app, "web.1").contains(psLimits("64.0", "0.25")), psLine(app, "web.1"));
        assertTrue(psLine(app, "worker.1").contains(psLimits("32.0", "0.25")), psLine(app, "worker.1"));
        String table = box.ssh("resources " + app).assertOk().out();
        assertTrue(table.lines().anyMatch(l -> l.startsWith("worker") && l.contains("32 MB") && l.contains("--process worker")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("web") && l.contains("64 MB") && l.contains("as (app)")), table);

        box.ssh("resources:set " + app + " memory=default cpus=default").assertOk();
        assertEquals(limits(512L * 1024 * 1024, 500_000_000), inspect(container(app, "web.1"),
                "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}"), "default forgets the app's limits");
    }

    @Test
    void aProcessOverItsMemoryLimitIsKilledAndPsSaysWhy() throws Exception {
        String app = box.appName("hog");
        Path src = box.project(app, app());
        box.git(src, "push", box.remote(app), "main").assertOk();
        box.ssh("resources:set " + app + " memory=32M --process hog").assertOk();
        if (!enforced) {
            // Nothing would stop the hog short of the host's own memory: HIY says so instead of a limit it cannot keep.
            for (String command : List.of("ps ", "apps:report ")) {
                String out = box.ssh(command + app).assertOk().out();
                assertTrue(out.contains("Limits: not enforced (HIY_MEMORY_MB, HIY_CPUS): rootless Podman "),
                        command + out);
            }
            return;
        }
        box.ssh("ps:scale " + app + " hog=1").assertOk();
        long end = System.nanoTime() + TestBox.DEPLOY_DEADLINE.toNanos();
        String line = psLine(app, "hog.1");
        while (!line.contains("out of memory") && System.nanoTime() < end) {
            Thread.sleep(500);
            line = psLine(app, "hog.1");
        }
        assertTrue(line.contains("out of memory") && line.contains("(limit 32 MB)"), line);
        box.ssh("ps:scale " + app + " hog=0").assertOk();
    }

    @Test
    void badLimitsAreRefusedAndChangeNothing() throws Exception {
        String app = box.appName("badlimits");
        Path src = box.project(app, app());
        box.git(src, "push", box.remote(app), "main").assertOk();
        String before = box.ssh("resources " + app).assertOk().out();
        for (String bad : List.of("memory=1K", "memory=15M", "memory=abc", "memory=99999G", "memory=-5M", "cpus=0",
                "cpus=-1", "cpus=1000", "cpus=abc", "cpus=0.001", "colour=red", "memory", "memory=64M --process nosuch",
                "memory=64M --process release", "memory=64M --process ../x")) {
            TestBox.Result r = box.ssh("resources:set " + app + " " + bad);
            assertEquals(1, r.exit(), bad + ": " + r.all());
            assertFalse(r.err().isBlank(), bad);
        }
        assertEquals(before, box.ssh("resources " + app).assertOk().out());
    }

    @Test
    void labelsReachTheContainersAndHiyLabelsAreRefused() throws Exception {
        String app = box.appName("labels");
        Path src = box.project(app, app());
        box.git(src, "push", box.remote(app), "main").assertOk();

        box.ssh("labels:set " + app + " com.example.team=web 'com.example.note=a b=c'").assertOk();
        String web = container(app, "web.1");
        assertEquals("web|a b=c|" + app, inspect(web,
                "{{index .Config.Labels \"com.example.team\"}}|{{index .Config.Labels \"com.example.note\"}}|{{index .Config.Labels \"hiy.app\"}}"));
        String listed = box.ssh("labels " + app).assertOk().out();
        assertTrue(listed.contains("com.example.team") && listed.contains("a b=c"), listed);

        for (String bad : List.of("hiy.app=evil", "HIY.instance=00000000", "hiy.process=web.1", "-x=1", "'a b=1'",
                "=1", "x", "k" + "x".repeat(200) + "=1", "com.example.big=" + "v".repeat(300))) {
            TestBox.Result r = box.ssh("labels:set " + app + " " + bad);
            assertEquals(1, r.exit(), bad + ": " + r.all());
            assertFalse(r.err().isBlank(), bad);
        }
        assertTrue(box.ssh("labels:set " + app + " hiy.app=evil").err().contains("HIY's own"));
        assertEquals(web, container(app, "web.1"), "a refused label restarts nothing");
        assertEquals(app + "|" + box.instance(), inspect(web,
                "{{index .Config.Labels \"hiy.app\"}}|{{index .Config.Labels \"hiy.instance\"}}"));

        box.ssh("labels:unset " + app + " com.example.team").assertOk();
        assertEquals("|a b=c", inspect(container(app, "web.1"),
                "{{index .Config.Labels \"com.example.team\"}}|{{index .Config.Labels \"com.example.note\"}}"));
        TestBox.Result unknown = box.ssh("labels:unset " + app + " com.example.nosuch");
        assertEquals(1, unknown.exit());
    }
}
