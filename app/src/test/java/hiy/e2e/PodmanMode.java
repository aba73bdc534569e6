package hiy.e2e;

import java.util.Arrays;
import java.util.List;

/**
 * How the Podman of a box's HIY runs, as `podman info` says (rootful as root, rootless as HIY_E2E_USER): what the
 * tests assert where the two modes differ.
 */
record PodmanMode(boolean rootless, String cgroupVersion, List<String> controllers) {
    static PodmanMode of(TestBox box) throws Exception {
        String[] info = box.podman("info", "--format",
                "{{.Host.Security.Rootless}} {{.Host.CgroupsVersion}} {{range .Host.CgroupControllers}}{{.}},{{end}}")
                .assertOk().out().strip().split(" ", 3);
        List<String> controllers = info.length < 3 ? List.of() : Arrays.stream(info[2].split(","))
                .filter(c -> !c.isBlank()).toList();
        return new PodmanMode(info[0].equals("true"), info[1], controllers);
    }

    /**
     * Whether the kernel holds containers to their memory and CPU limits: rootful always; rootless only on cgroup v2
     * with both controllers delegated to the user (rootless Podman on cgroup v1 ignores every limit).
     */
    boolean limitsEnforced() {
        return !rootless || (cgroupVersion.equals("v2") && controllers.containsAll(List.of("memory", "cpu")));
    }
}
