package hiy.runtime;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import hiy.build.DockerfileBuilder;
import hiy.build.TestRepo;
import hiy.model.BuiltImage;
import hiy.model.Instance;
import hiy.model.LineSink;
import hiy.release.HttpHealthCheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static hiy.host.LoopbackResponder.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

// Also in the rootful pass (infra/test.sh): containers, ports and capabilities through rootful or rootless Podman
@Tag("e2e")
@Tag("both-modes")
class PodmanRuntimeTest {
    private static final long MEMORY = 256L * 1024 * 1024;
    /** CHOWN, DAC_OVERRIDE, FOWNER, KILL, SETGID, SETUID, NET_BIND_SERVICE as a /proc capability mask. */
    private static final String APP_CAPABILITY_MASK = "00000000000004eb";

    @TempDir
    static Path dataDir;
    static PodmanConnection podman;
    static PodmanRuntime runtime;
    static final Instance instance = randomInstance();
    static final String app = "hiy-test-rt-" + System.nanoTime();
    static final String page = "hello from " + app + "\n";
    static BuiltImage web;
    static BuiltImage quitter;

    private int containers;

    @BeforeAll
    static void buildImages() throws Exception {
        podman = TestPodman.open(dataDir);
        runtime = new PodmanRuntime(podman, instance);
        DockerfileBuilder builder = new DockerfileBuilder(podman);
        web = build(builder, "web", """
                FROM localhost/busybox:latest
                COPY index.html /www/index.html
                EXPOSE 8080
                CMD ["/bin/httpd","-f","-v","-p","8080","-h","/www"]
                """, app + "/web:v1");
        quitter = build(builder, "quitter", """
                FROM localhost/busybox:latest
                LABEL app=%s
                CMD ["/bin/sh","-c","echo bye from quitter; exit 3"]
                """.formatted(app), app + "/quitter:v1");
    }

    @AfterAll
    static void removeImages() {
        runtime.removeImage(web.tag());
        runtime.removeImage(quitter.tag());
        runtime.removeNetwork(app);
        podman.close();
    }

    @AfterEach
    void removeContainers() {
        runtime.containersOf(app).forEach(name -> runtime.stopAndRemove(name, Duration.ZERO));
    }

    @Test
    void servesOnLoopbackWithLimitsLabelsAndFewCapabilities() throws Exception {
        ContainerSpec spec = spec(web, Map.of("GREETING", "hi"));
        long start = System.nanoTime();
        runtime.start(spec);
        Duration answered = HttpHealthCheck.awaitHealthy(spec.hostPort(), "/", Duration.ofSeconds(20),
                () -> runtime.isRunning(spec.name()));
        System.out.printf("start() took %d ms, healthy %d ms after it returned%n",
                (System.nanoTime() - start) / 1_000_000 - answered.toMillis(), answered.toMillis());

        assertEquals(page, get(spec.hostPort(), "/index.html"));
        assertTrue(runtime.lastLogLines(spec.name(), 5).stream().anyMatch(line -> line.endsWith("response:200")),
                runtime.lastLogLines(spec.name(), 5).toString());
        assertEquals(List.of(spec.name()), runtime.containersOf(app));

        InspectContainerResponse container = podman.client().inspectContainerCmd(spec.name()).exec();
        List<String> env = Arrays.asList(container.getConfig().getEnv());
        assertTrue(env.contains("PORT=8080") && env.contains("GREETING=hi"), env.toString());
        assertEquals(app, container.getConfig().getLabels().get(Instance.APP_LABEL));
        assertEquals(instance.id(), container.getConfig().getLabels().get(Instance.INSTANCE_LABEL));
        assertEquals(Set.of(instance.network(app)), container.getNetworkSettings().getNetworks().keySet());
        HostConfig host = container.getHostConfig();
        // Rootless Podman on cgroup v1 drops the limits (the test below holds limitsEnforced() to the kernel's word).
        boolean enforced = runtime.limitsEnforced().enforced();
        assertEquals(enforced ? MEMORY : 0L, host.getMemory());
        assertEquals(enforced ? 500_000_000L : 0L, host.getNanoCPUs());
        assertFalse(host.getPrivileged());
        assertTrue(host.getSecurityOpts().contains("no-new-privileges"), host.getSecurityOpts().toString());
        Ports.Binding[] bindings = container.getNetworkSettings().getPorts().getBindings()
                .get(com.github.dockerjava.api.model.ExposedPort.tcp(8080));
        assertEquals(1, bindings.length);
        assertEquals("127.0.0.1", bindings[0].getHostIp());
        assertEquals(Integer.toString(spec.hostPort()), bindings[0].getHostPortSpec());

        // What the kernel applied to the app's process, not just what was asked for.
        String status = Files.readString(Path.of("/proc", container.getState().getPidLong().toString(), "status"));
        assertTrue(status.contains("CapEff:\t" + APP_CAPABILITY_MASK), status);
        assertTrue(status.contains("NoNewPrivs:\t1"), status);
        // Root in the container is an unprivileged id on the host: uid 0 maps to a subordinate id, not to 0.
        String uidMap = Files.readString(Path.of("/proc", container.getState().getPidLong().toString(), "uid_map"));
        List<String> firstRange = List.of(uidMap.lines().findFirst().orElseThrow().trim().split("\\s+"));
        assertEquals("0", firstRange.get(0), uidMap);
        assertTrue(Long.parseLong(firstRange.get(1)) >= 65536, "container root is host uid " + firstRange.get(1));
    }

    @Test
    void limitsEnforcedSaysWhetherTheKernelHoldsTheContainerToItsMemoryLimit() throws Exception {
        ContainerSpec spec = spec(web, Map.of());
        runtime.start(spec);
        long pid = podman.client().inspectContainerCmd(spec.name()).exec().getState().getPidLong();
        long applied = memoryLimitOf(pid);
        EngineMode.Limits limits = runtime.limitsEnforced();
        assertEquals(limits.enforced(), applied == MEMORY,
                "limitsEnforced() says " + limits + " but the container's cgroup allows " + applied + " bytes");
        if (!limits.enforced()) assertFalse(limits.reason().isBlank());
    }

    /** The memory limit of the process's cgroup as the kernel applies it (cgroup v1 or v2); MAX_VALUE for none. */
    private static long memoryLimitOf(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"))) {
            String[] f = line.split(":", 3);
            Path file = f[1].equals("memory") ? Path.of("/sys/fs/cgroup/memory" + f[2], "memory.limit_in_bytes")
                    : f[1].isEmpty() && f[0].equals("0") ? Path.of("/sys/fs/cgroup" + f[2], "memory.max") : null;
            if (file == null || !Files.exists(file)) continue;
            String value = Files.readString(file).strip();
            return value.equals("max") ? Long.MAX_VALUE : Long.parseLong(value);
        }
        return Long.MAX_VALUE;
    }

    @Test
    void aContainerOfAnotherHiyOnTheSamePodmanIsNeitherReplacedNorListed() throws Exception {
        PodmanRuntime other = new PodmanRuntime(podman, randomInstance());
        ContainerSpec mine = spec(web, Map.of());
        runtime.start(mine);
        ContainerSpec sameName = new ContainerSpec(app, mine.name(), web.tag(), freePort(), 8080, Map.of(),
                mine.labels(), MEMORY, 0.5);
        RuntimeFailure refused = assertThrows(RuntimeFailure.class, () -> other.start(sameName));
        assertTrue(refused.getMessage().contains("is not this HIY's"), refused.getMessage());
        assertTrue(runtime.isRunning(mine.name()));
        assertEquals(List.of(), other.containersOf(app));
        other.removeNetwork(app);
        assertEquals(List.of(mine.name()), runtime.containersOf(app));
    }

    @Test
    void startReplacesAContainerOfTheSameName() throws Exception {
        ContainerSpec first = spec(web, Map.of());
        runtime.start(first);
        ContainerSpec second = new ContainerSpec(app, first.name(), web.tag(), freePort(), 8080, Map.of(),
                first.labels(), MEMORY, 0.5);
        runtime.start(second);
        HttpHealthCheck.awaitHealthy(second.hostPort(), "/", Duration.ofSeconds(20), () -> runtime.isRunning(second.name()));
        assertEquals(List.of(first.name()), runtime.containersOf(app));
    }

    @Test
    void stopAndRemoveLeavesNothingAndToleratesAbsence() throws Exception {
        ContainerSpec spec = spec(web, Map.of());
        runtime.start(spec);
        assertTrue(runtime.isRunning(spec.name()));

        long start = System.nanoTime();
        runtime.stopAndRemove(spec.name(), Duration.ofSeconds(1));
        System.out.printf("stopAndRemove with 1 s grace took %d ms%n", (System.nanoTime() - start) / 1_000_000);

        assertFalse(runtime.isRunning(spec.name()));
        assertEquals(List.of(), runtime.containersOf(app));
        assertEquals(List.of(), runtime.lastLogLines(spec.name(), 5));
        runtime.stopAndRemove(spec.name(), Duration.ofSeconds(1));
    }

    @Test
    void aContainerThatExitsFailsTheHealthCheckFast() throws Exception {
        ContainerSpec spec = spec(quitter, Map.of());
        runtime.start(spec);
        long start = System.nanoTime();
        RuntimeFailure failure = assertThrows(RuntimeFailure.class, () -> HttpHealthCheck.awaitHealthy(
                spec.hostPort(), "/", Duration.ofSeconds(30), () -> runtime.isRunning(spec.name())));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(failure.getMessage().contains("exited before answering"), failure.getMessage());
        assertTrue(millis < 5_000, millis + " ms");
        assertEquals(List.of("bye from quitter"), runtime.lastLogLines(spec.name(), 10));
    }

    @Test
    void removeImageIgnoresMissingAndInUseImages() throws Exception {
        runtime.removeImage(app + "/never-built:v0");
        ContainerSpec spec = spec(web, Map.of());
        runtime.start(spec);
        runtime.removeImage(web.tag());
        assertEquals(web.imageId(), podman.client().inspectImageCmd(web.tag()).exec().getId());
    }

    @Test
    void aMissingImageIsReportedClearly() throws Exception {
        ContainerSpec spec = new ContainerSpec(app, app + "-ghost", app + "/never-built:v0", freePort(), 8080,
                Map.of(), Map.of(Instance.APP_LABEL, app), MEMORY, 0.5);
        RuntimeFailure failure = assertThrows(RuntimeFailure.class, () -> runtime.start(spec));
        assertTrue(failure.getMessage().contains("does not exist"), failure.getMessage());
    }

    private ContainerSpec spec(BuiltImage image, Map<String, String> env) throws Exception {
        return new ContainerSpec(app, instance.containerName(app, String.valueOf(++containers)), image.tag(), freePort(), image.port(), env,
                Map.of(Instance.APP_LABEL, app, Instance.RELEASE_LABEL, "v1"), MEMORY, 0.5);
    }

    static Instance randomInstance() {
        return new Instance(String.format("%08x", new java.security.SecureRandom().nextInt()));
    }

    private static BuiltImage build(DockerfileBuilder builder, String name, String dockerfile, String tag)
            throws Exception {
        try (TestRepo repo = TestRepo.create(dataDir.resolve(name))) {
            return builder.build(repo.commit(Map.of("Dockerfile", dockerfile, "index.html", page)), tag, LineSink.NULL);
        }
    }

    private static String get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
