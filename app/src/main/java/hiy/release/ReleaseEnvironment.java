package hiy.release;

import hiy.store.ConfigVars;
import hiy.store.Releases.Release;
import hiy.store.Releases;

import java.util.Map;

/** The environment a release runs with: the config sealed into it when it was made. */
final class ReleaseEnvironment {
    private final Releases releases;
    private final ConfigVars config;

    ReleaseEnvironment(Releases releases, ConfigVars config) {
        this.releases = releases;
        this.config = config;
    }

    Map<String, String> of(Release r) {
        return config.open(releases.sealedEnv(r.app(), r.version()));
    }

    /** Whether the release runs with the config as stored now (not if it was changed with --no-restart since). */
    boolean isStored(Release r) {
        return config.of(r.app()).equals(of(r));
    }
}
