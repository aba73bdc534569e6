package hiy.release;

import hiy.config.Settings;
import hiy.routing.FakeRouter;
import hiy.routing.RouteTable;
import hiy.runtime.FakeRuntime;
import hiy.secrets.AgeSecrets;
import hiy.store.Apps;
import hiy.store.Builds;
import hiy.store.Checks;
import hiy.store.ConfigVars;
import hiy.store.Database;
import hiy.store.Domains;
import hiy.store.Formation;
import hiy.store.Labels;
import hiy.store.Limits;
import hiy.store.Maintenance;
import hiy.store.Processes;
import hiy.store.Releases;
import hiy.store.Sites;
import hiy.store.Volumes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The release switch as HIY wires it, on a real SQLite file in a temporary folder, with the in-memory container
 * engine and router: what the fast tests of the switch, and of the commands that use it, share. Short boot timeout
 * and stop grace, so failures are quick.
 */
public final class FakeBox {
    public final FakeRuntime runtime = new FakeRuntime();
    public final FakeRouter router = new FakeRouter();
    public final Database db;
    public final Apps apps;
    public final Releases releases;
    public final Processes processes;
    public final Formation formation;
    public final Builds builds;
    public final Sites sites;
    public final ConfigVars config;
    public final RouteTable routes;
    public final ReleaseSwitch releaseSwitch;

    /** settings: on top of the short timeouts (e.g. HIY_KEEP_RELEASES). */
    public FakeBox(Path dir, Map<String, String> settings) {
        db = Database.open(dir.resolve("hiy.db"));
        apps = new Apps(db);
        releases = new Releases(db);
        processes = new Processes(db);
        formation = new Formation(db);
        builds = new Builds(db);
        sites = new Sites(dir.resolve("sites"));
        config = new ConfigVars(db, AgeSecrets.openOrCreate(dir.resolve("age-identity.txt")));
        Map<String, String> all = new HashMap<>(Map.of("HIY_DATA_DIR", dir.toString(), "HIY_BOOT_TIMEOUT", "3",
                "HIY_STOP_GRACE", "1"));
        all.putAll(settings);
        Settings typed = Settings.from(all);
        routes = new RouteTable(apps, releases, processes, formation, new Domains(db), new Maintenance(db), sites,
                router, "localhost", 8080, 8443, OptionalInt.empty());
        releaseSwitch = new ReleaseSwitch(apps, releases, processes, formation, config, new Checks(db), runtime,
                routes, SlotGate.off(), typed, new AppShapes(new Volumes(db), new Limits(db), new Labels(db), typed));
    }

    /** An app with its slots, as apps:create makes it. */
    public void create(String app) {
        apps.create(app, Arrays.stream(Slots.pick(apps.usedSlots(), 4)).boxed().toList(), "alice");
    }

    /** Stops the router's renewals and removes what the apps left in the engine. */
    public void close(String... apps) {
        routes.close();
        for (String app : apps) runtime.containersOf(app).forEach(name -> runtime.stopAndRemove(name, Duration.ZERO));
    }
}
