package hiy.http;

import hiy.commands.AppAccess;
import hiy.host.ProcFields;
import hiy.release.ExpectedProcesses;
import hiy.release.ReleaseSwitch;
import hiy.release.Supervisor;
import hiy.release.SwitchDurations;
import hiy.runtime.LogFanout;
import hiy.sshd.OpenSessions;
import hiy.store.Apps;
import hiy.store.Builds;
import hiy.store.Releases;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * GET /metrics in Prometheus' text format, read from the store and the running parts at each scrape (nothing is
 * counted twice, nothing is lost when HIY restarts but the webhook counters). Per-app series only for the apps the
 * token's user may see, by the same rule as everything else.
 */
final class Metrics {
    /** Build durations, in seconds: a cached rebuild takes seconds, a first npm install minutes. */
    private static final double[] BUCKETS = {5, 15, 30, 60, 120, 300, 600, 1800};

    private final AppAccess appAccess;
    private final Builds builds;
    private final Releases releases;
    private final ReleaseSwitch releaseSwitch;
    private final ExpectedProcesses expected;
    private final Supervisor supervisor;
    private final OpenSessions sessions;
    private final GitHubHooks hooks;
    private final LogFanout logs;

    Metrics(AppAccess appAccess, Builds builds, Releases releases, ReleaseSwitch releaseSwitch,
            ExpectedProcesses expected, Supervisor supervisor, OpenSessions sessions, GitHubHooks hooks,
            LogFanout logs) {
        this.appAccess = appAccess;
        this.builds = builds;
        this.releases = releases;
        this.releaseSwitch = releaseSwitch;
        this.expected = expected;
        this.supervisor = supervisor;
        this.sessions = sessions;
        this.hooks = hooks;
        this.logs = logs;
    }

    String scrape(Caller caller) {
        List<Apps.App> apps = caller.visibleApps(appAccess);
        Set<String> names = apps.stream().map(Apps.App::name).collect(Collectors.toSet());
        StringBuilder out = new StringBuilder();
        Map<String, Map<String, Integer>> byApp = builds.countsByAppAndStatus();
        family(out, "hiy_builds_total", "counter", "Builds by app and how they ended (or stand).");
        byApp.forEach((app, byStatus) -> {
            if (names.contains(app)) byStatus.forEach((status, n) -> sample(out, "hiy_builds_total", n, "app", app, "status", status));
        });
        family(out, "hiy_build_duration_seconds", "histogram", "How long finished builds ran, by app.");
        builds.durationsByApp().forEach((app, millis) -> {
            if (names.contains(app)) histogram(out, "hiy_build_duration_seconds", app, millis);
        });
        family(out, "hiy_build_queue_length", "gauge", "Builds waiting for the builder, of every app.");
        sample(out, "hiy_build_queue_length", byApp.values().stream()
                .mapToInt(byStatus -> byStatus.getOrDefault("queued", 0)).sum());
        family(out, "hiy_releases_total", "counter", "Releases by app and kind (deploy, config, rollback, ...).");
        releases.countsByAppAndKind().forEach((app, byKind) -> {
            if (names.contains(app)) byKind.forEach((kind, n) -> sample(out, "hiy_releases_total", n, "app", app, "kind", kind));
        });
        family(out, "hiy_switch_duration_seconds", "histogram", "How long switches to a new release took until it was live, by app, since HIY started.");
        releaseSwitch.durations().byApp().forEach((app, h) -> {
            if (names.contains(app)) switchHistogram(out, app, h);
        });
        family(out, "hiy_process_up", "gauge", "1 while a process the app should run is running, else 0.");
        StringBuilder restarts = new StringBuilder();
        family(restarts, "hiy_process_restarts_total", "counter", "Restarts of a crashed process since HIY started.");
        for (Apps.App app : apps) {
            for (ExpectedProcesses.Expected p : expected.of(app)) {
                sample(out, "hiy_process_up", expected.runs(p) ? 1 : 0, "app", app.name(), "process", p.name());
                sample(restarts, "hiy_process_restarts_total", supervisor.health(app.name(), p.name()).restarts(),
                        "app", app.name(), "process", p.name());
            }
        }
        out.append(restarts);
        family(out, "hiy_webhook_deliveries_total", "counter", "GitHub webhook deliveries since HIY started, by result.");
        hooks.deliveries().forEach((app, byResult) -> {
            if (names.contains(app)) byResult.forEach((result, n) -> sample(out, "hiy_webhook_deliveries_total", n, "app", app, "result", result));
        });
        family(out, "hiy_ssh_sessions_total", "counter", "SSH sessions since HIY started: ok, refused (no known key), no_login.");
        sessions.sessionsByResult().forEach((result, n) -> sample(out, "hiy_ssh_sessions_total", n, "result", result));
        family(out, "hiy_log_followers", "gauge", "Podman log streams open for clients following logs (one per followed container, however many clients).");
        sample(out, "hiy_log_followers", logs.open());
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        family(out, "hiy_jvm_memory_used_bytes", "gauge", "Memory HIY's JVM uses, heap and non-heap.");
        sample(out, "hiy_jvm_memory_used_bytes", memory.getHeapMemoryUsage().getUsed(), "area", "heap");
        sample(out, "hiy_jvm_memory_used_bytes", memory.getNonHeapMemoryUsage().getUsed(), "area", "nonheap");
        long rss = residentBytes();
        if (rss >= 0) {
            family(out, "hiy_resident_memory_bytes", "gauge", "Resident memory of the HIY process (VmRSS).");
            sample(out, "hiy_resident_memory_bytes", rss);
        }
        return out.toString();
    }

    private static void histogram(StringBuilder out, String name, String app, List<Long> millis) {
        for (double le : BUCKETS) {
            long n = millis.stream().filter(ms -> ms / 1000.0 <= le).count();
            sample(out, name + "_bucket", n, "app", app, "le", number(le));
        }
        sample(out, name + "_bucket", millis.size(), "app", app, "le", "+Inf");
        sample(out, name + "_sum", millis.stream().mapToLong(Long::longValue).sum() / 1000.0, "app", app);
        sample(out, name + "_count", millis.size(), "app", app);
    }

    private static void switchHistogram(StringBuilder out, String app, SwitchDurations.Histogram h) {
        String name = "hiy_switch_duration_seconds";
        long cumulative = 0;
        for (int i = 0; i < SwitchDurations.BUCKETS.length; i++) {
            cumulative += h.counts()[i];
            sample(out, name + "_bucket", cumulative, "app", app, "le", number(SwitchDurations.BUCKETS[i]));
        }
        sample(out, name + "_bucket", h.count(), "app", app, "le", "+Inf");
        sample(out, name + "_sum", h.sumSeconds(), "app", app);
        sample(out, name + "_count", h.count(), "app", app);
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, Number value, String... labels) {
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) out.append(',');
                out.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(value instanceof Double d ? number(d) : value.toString()).append('\n');
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static long residentBytes() {
        try {
            return ProcFields.bytes(Files.readString(Path.of("/proc/self/status")), "VmRSS").orElse(-1);
        } catch (IOException e) {
            // not Linux, or no /proc: leave the series out
            return -1;
        }
    }
}
