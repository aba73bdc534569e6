package hiy.doctor;

import hiy.config.Settings;
import hiy.store.DataDir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Looks at what HIY needs, one finding per check, each passed on as soon as it is known (some take a second: a
 * throw-away container, TLS handshakes). Changes nothing, starts nothing that outlives it. The clock is not checked:
 * HIY cannot ask an NTP server (the box may have no internet) and Java cannot read the kernel's sync state cheaply.
 */
public final class Doctor {
    private Doctor() {}

    public static List<Finding> examine(Settings settings, Consumer<Finding> each) {
        List<Finding> all = new ArrayList<>();
        Consumer<Finding> out = f -> {
            all.add(f);
            each.accept(f);
        };
        DataDir data = new DataDir(settings.dataDir());
        PodmanChecks.examine(settings.podmanSocket().orElse(null), data, out);
        CaddyChecks.examine(settings, data, out);
        DataDirChecks.examine(data, out);
        HostChecks.examine(data, out);
        return all;
    }
}
