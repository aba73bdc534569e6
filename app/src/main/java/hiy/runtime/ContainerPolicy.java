package hiy.runtime;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import hiy.model.Instance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What every HIY container gets, whoever asks for it: its limits, a tiny init, few rights, HIY's labels on top. */
final class ContainerPolicy {
    /**
     * Everything is dropped, then this is given back: enough for ordinary web images to switch
     * users, own their files and bind low ports, without SETPCAP, SETFCAP, SYS_CHROOT, MKNOD,
     * NET_RAW or AUDIT_WRITE, which a web app does not need and an attacker would like.
     */
    static final List<Capability> APP_CAPABILITIES = List.of(
            Capability.CHOWN, Capability.DAC_OVERRIDE, Capability.FOWNER, Capability.SETUID,
            Capability.SETGID, Capability.NET_BIND_SERVICE, Capability.KILL);

    private ContainerPolicy() { }

    /** Its limits, a tiny init, no new privileges, a small capability set. */
    static HostConfig lockedDown(long memoryBytes, double cpus) {
        return HostConfig.newHostConfig()
                .withMemory(memoryBytes)
                .withNanoCPUs(Math.round(cpus * 1_000_000_000L))
                .withPrivileged(false)
                // A tiny init as PID 1 forwards SIGTERM: most servers (busybox httpd among them) install no
                // handler of their own, and PID 1 ignores unhandled signals, so stops would wait out the grace.
                .withInit(true)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withCapDrop(Capability.ALL)
                .withCapAdd(APP_CAPABILITIES.toArray(Capability[]::new))
                // HIY watches and restarts apps itself; Podman has no daemon to honour a policy anyway.
                .withRestartPolicy(RestartPolicy.noRestart());
    }

    /** The user's labels, then HIY's over them: a stored label can never pass for one of HIY's. */
    static Map<String, String> labels(Instance instance, ProcessShape shape, Map<String, String> hiyLabels) {
        Map<String, String> all = new LinkedHashMap<>();
        shape.labels().forEach((k, v) -> {
            if (!k.toLowerCase(Locale.ROOT).startsWith("hiy.")) all.put(k, v);
        });
        all.putAll(instance.stamp(hiyLabels));
        return all;
    }
}
