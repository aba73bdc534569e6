package hiy.commands;

import hiy.store.ConfigVars;
import hiy.store.Releases;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a release changed, as `releases` and the dashboard say it: its kind, and which config vars it set or unset
 * against the one that was live before it (the newest older one that served), so a change made with --no-restart
 * shows at the release that first carried it. Names only, never values.
 */
public final class ReleaseChange {
    private static final int MAX_NAMES = 3;

    private ReleaseChange() { }

    /** newestFirst: the app's releases as {@link Releases#of} gives them; index: the one to describe. */
    public static String of(Releases releases, ConfigVars config, List<Releases.Release> newestFirst, int index) {
        Releases.Release r = newestFirst.get(index);
        Optional<Map<String, String>> after = env(releases, config, r);
        Optional<Map<String, String>> before = newestFirst.subList(index + 1, newestFirst.size()).stream()
                .filter(o -> o.status() == Releases.Status.LIVE || o.status() == Releases.Status.RETIRED)
                .findFirst().map(o -> env(releases, config, o)).orElse(Optional.of(Map.of()));
        if (after.isEmpty() || before.isEmpty()) return r.kind();
        Map<String, String> now = after.get();
        Map<String, String> was = before.get();
        List<String> set = now.keySet().stream().filter(k -> !now.get(k).equals(was.get(k))).toList();
        List<String> unset = was.keySet().stream().filter(k -> !now.containsKey(k)).toList();
        List<String> parts = new ArrayList<>();
        if (!set.isEmpty()) parts.add("set " + names(set));
        if (!unset.isEmpty()) parts.add("unset " + names(unset));
        return r.kind() + (parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")");
    }

    /** Empty for a release made before HIY kept environments: what it ran with is unknown. */
    private static Optional<Map<String, String>> env(Releases releases, ConfigVars config, Releases.Release r) {
        return Optional.ofNullable(releases.sealedEnv(r.app(), r.version())).map(config::open);
    }

    private static String names(List<String> keys) {
        if (keys.size() <= MAX_NAMES) return String.join(", ", keys);
        return String.join(", ", keys.subList(0, MAX_NAMES)) + " and " + (keys.size() - MAX_NAMES) + " more";
    }
}
