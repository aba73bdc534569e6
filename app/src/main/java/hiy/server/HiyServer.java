package hiy.server;

import hiy.backup.BackupSchedule;
import hiy.backup.Backups;
import hiy.build.BaseImages;
import hiy.build.BuildQueue;
import hiy.build.BuildStrategies;
import hiy.build.DockerfileBuilder;
import hiy.commands.AppAccess;
import hiy.commands.AppLifecycle;
import hiy.commands.AppStatus;
import hiy.commands.Commands;
import hiy.commands.Services;
import hiy.commands.StoredKeys;
import hiy.config.Settings;
import hiy.config.StartupFailure;
import hiy.http.HttpDoor;
import hiy.model.Instance;
import hiy.model.Version;
import hiy.notify.Notifier;
import hiy.release.AppShapes;
import hiy.release.BuildPipeline;
import hiy.release.ExpectedProcesses;
import hiy.release.HealthChecks;
import hiy.release.ReleaseSwitch;
import hiy.release.SlotGate;
import hiy.release.Supervisor;
import hiy.repos.AppRepositories;
import hiy.routing.CaddyAdmin;
import hiy.routing.CaddyProcess;
import hiy.routing.CaddyRouter;
import hiy.routing.RouteTable;
import hiy.routing.RoutingFailure;
import hiy.runtime.AppContainers;
import hiy.runtime.EngineCheck;
import hiy.runtime.EngineInfo;
import hiy.runtime.EngineMode;
import hiy.runtime.PodmanConnection;
import hiy.runtime.PodmanRuntime;
import hiy.runtime.RuntimeFailure;
import hiy.secrets.BrowserSessions;
import hiy.secrets.AgeSecrets;
import hiy.sshd.CommandDispatcher;
import hiy.sshd.HostHint;
import hiy.sshd.KeyDirectory;
import hiy.sshd.SshDaemon;
import hiy.store.Access;
import hiy.store.Apps;
import hiy.store.Audit;
import hiy.store.Builders;
import hiy.store.Builds;
import hiy.store.Checks;
import hiy.store.ConfigVars;
import hiy.store.DataDir;
import hiy.store.Database;
import hiy.store.Domains;
import hiy.store.Formation;
import hiy.store.Labels;
import hiy.store.Limits;
import hiy.store.Maintenance;
import hiy.store.NotifyTargets;
import hiy.store.Processes;
import hiy.store.Releases;
import hiy.store.Tokens;
import hiy.store.Users;
import hiy.store.Volumes;
import hiy.store.Webhooks;
import hiy.usage.UsageSampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * HIY's start-up, in the order a push travels: store, SSH door, container engine, Caddy, reconcile, builder.
 * Everything started here is closed in reverse order on stop.
 */
public final class HiyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HiyServer.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Settings settings;
    /** Completed once the store is open; cancelled when HIY stops first, so no login waits for it. */
    private final CompletableFuture<StoredKeys> keys = new CompletableFuture<>();

    private HiyServer(Settings settings) {
        this.settings = settings;
    }

    public static HiyServer start(Settings settings) throws StartupFailure {
        HiyServer server = new HiyServer(settings);
        try {
            server.boot();
            return server;
        } catch (StartupFailure | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void boot() throws StartupFailure {
        DataDir data = DataDir.prepare(settings.dataDir());
        data.removeLeftovers();

        // The SSH door opens first so the port answers at once; keys are looked up once the store is open,
        // and commands wait until the rest is up.
        ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hiy-ssh-command");
            t.setDaemon(true);
            return t;
        });
        started.push(workers::shutdownNow);
        HostHint hostHint = new HostHint(settings.sshPort());
        CommandDispatcher dispatcher = new CommandDispatcher(workers, hostHint);
        SshDaemon door;
        try {
            door = SshDaemon.start(settings.sshPort(), data.hostKey(),
                    (key, fingerprint) -> storedKeys(keys).identify(key, fingerprint), dispatcher);
            started.push(door);
        } catch (IOException e) {
            throw new StartupFailure(e.getMessage(), e);
        }

        Database db = database(data);
        Apps apps = new Apps(db);
        Releases releases = new Releases(db);
        Builds builds = new Builds(db);
        Users users = new Users(db);
        Access access = new Access(db);
        Audit audit = new Audit(db);
        Domains domains = new Domains(db);
        Checks checks = new Checks(db);
        Builders builders = new Builders(db);
        Processes processes = new Processes(db);
        Formation formation = new Formation(db);
        Tokens tokens = new Tokens(db);
        Volumes volumes = new Volumes(db);
        Limits limits = new Limits(db);
        Labels labels = new Labels(db);
        AppShapes shapes = new AppShapes(volumes, limits, labels, settings);
        keys.complete(new StoredKeys(users));

        AgeSecrets secrets = secrets(data);
        ConfigVars config = new ConfigVars(db, secrets);
        Webhooks webhooks = new Webhooks(db, secrets);
        List<Builds.Build> interrupted = builds.interruptRunning();
        PodmanConnection podman = open(() -> PodmanConnection.open(settings.podmanSocket().orElse(null), data.root())
                .sleepWhenIdleFor(settings.podmanIdle()));
        try {
            EngineCheck.verify(podman, data.root().resolve("engine-check"));
            announce(podman.mode());
        } catch (RuntimeFailure e) {
            throw new StartupFailure(e.getMessage(), e);
        }
        Optional<Path> podmanStorage = podmanStorage(podman);
        Instance instance = data.instance();
        PodmanRuntime runtime = new PodmanRuntime(podman, instance);
        runtime.removeLeftoverPortRules();
        CaddyProcess caddy = open(() -> CaddyProcess.ensureRunning(settings.caddyAdmin(), data.caddy(), settings.httpPort(), settings.httpsPort()));
        Maintenance maintenance = new Maintenance(db);
        RouteTable routes = new RouteTable(apps, releases, processes, formation, domains, maintenance, data.sites(),
                new CaddyRouter(new CaddyAdmin(settings.caddyAdmin()), settings.httpPort(), settings.httpsPort()),
                settings.domain(), settings.httpPort(), settings.httpsPort(), settings.apiPort());
        started.push(routes);
        ReleaseSwitch releaseSwitch = new ReleaseSwitch(apps, releases, processes, formation, config, checks, runtime,
                routes, SlotGate.detect(), settings, shapes);
        Reconciler reconciler = new Reconciler(apps, releases, processes, releaseSwitch, runtime, routes, data.repos(),
                data.sites());
        reconciler.undoHalfSwitches();
        reconciler.alignDeployBranches();
        reconciler.topUpSlots(settings.slotsPerApp());
        reconciler.applyRoutes();

        BuildStrategies strategies = BuildStrategies.standard(new DockerfileBuilder(podman), podman.client(),
                new BuildStrategies.Config(new BaseImages(settings.nodeImage(),
                        settings.pythonImage(), settings.goImage(), settings.goRuntimeImage(), settings.rubyImage(),
                        settings.mavenImage(), settings.gradleImage(), settings.javaRuntimeImage()),
                        settings.packBuilder(), podman::socket, data.packFolders(), data.sites()));
        NotifyTargets notifyTargets = new NotifyTargets(db, secrets);
        Notifier notifier = new Notifier(notifyTargets, config);
        started.push(notifier);
        releaseSwitch.onLive(r -> notifier.released(r, routes.url(r.app())));
        BuildQueue queue = new BuildQueue(builds, data.buildLogs(), notifier.tellingFailures(new BuildPipeline(data.repos(),
                settings.maxContextBytes(), strategies, builders, releases, config, checks, releaseSwitch, routes)));
        started.push(queue);
        queue.resume(interrupted);
        queue.start();

        ExpectedProcesses expected = new ExpectedProcesses(releases, processes, formation, runtime);
        Supervisor supervisor = new Supervisor(apps, processes, releaseSwitch, expected,
                new AppContainers(podman, instance), podman, caddy, routes);
        supervisor.onCrash(notifier::tell);

        Backups backups = new Backups(data, db, settings);
        settings.backupDir().ifPresent(dir -> started.push(BackupSchedule.start(backups, dir, settings.backupKeep())));
        AppAccess appAccess = new AppAccess(apps, access, hostHint.ssh());
        AppRepositories repositories = new AppRepositories(data.repos(), apps, access, queue, audit, routes,
                settings.slotsPerApp(), settings.maxPushBytes());
        repositories.onPushStart(podman::wakeSoon);
        UsageSampler usage = new UsageSampler(apps, processes, runtime, data.root(), podmanStorage);
        Services services = new Services(settings, hostHint, apps, releases, processes, formation, builds, users,
                access, audit, config, domains, checks, builders, strategies, volumes, limits, labels, shapes, maintenance,
                appAccess, new AppLifecycle(apps, appAccess, repositories, releaseSwitch, runtime),
                new AppStatus(supervisor, releases, expected), runtime, routes, releaseSwitch, expected, new HealthChecks(checks, settings), queue, repositories, supervisor, door, tokens, webhooks, backups,
                notifyTargets, new BrowserSessions(Clock.systemUTC()), usage);
        dispatcher.open(repositories, Commands.served(services));
        if (settings.apiPort().isPresent()) {
            try {
                started.push(HttpDoor.start(settings.apiPort().getAsInt(), services));
            } catch (IOException e) {
                throw new StartupFailure(e.getMessage(), e);
            }
        }
        reconciler.reviveStopped(queue, builds);
        started.push(supervisor);
        supervisor.start();
        started.push(usage);
        usage.start();
    }

    /**
     * Where Podman keeps images and containers, for the box's disk figures: asked once here, while the service is
     * awake anyway, since sampling must not wake it. Empty when Podman does not say.
     */
    private static Optional<Path> podmanStorage(PodmanConnection podman) {
        try {
            String root = EngineInfo.read(podman).graphRoot();
            return root.isBlank() ? Optional.empty() : Optional.of(Path.of(root));
        } catch (RuntimeFailure e) {
            LOG.warn("Podman did not say where it keeps its storage, so its disk is not shown: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Says how Podman runs, and loudly when the limits HIY sets on containers are not enforced. */
    private static void announce(EngineMode mode) {
        EngineMode.Limits limits = mode.limits();
        if (limits.enforced()) {
            LOG.info("Podman runs {}: container memory and CPU limits are enforced", mode.describe());
        } else {
            LOG.warn("Podman runs {}: container memory and CPU limits are NOT enforced: {}", mode.describe(),
                    limits.reason());
        }
    }

    /** The key store once it is open; a login that comes sooner waits for it, one that cannot wait is refused. */
    private static KeyDirectory storedKeys(CompletableFuture<StoredKeys> keys) {
        try {
            return keys.get(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            return (key, fingerprint) -> Optional.empty();
        }
    }

    private static Database database(DataDir data) throws StartupFailure {
        try {
            return Database.open(data.database());
        } catch (IllegalStateException e) {
            throw new StartupFailure("cannot open the database: " + e.getMessage(), e);
        }
    }

    private static AgeSecrets secrets(DataDir data) throws StartupFailure {
        try {
            return AgeSecrets.openOrCreate(data.ageIdentity());
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new StartupFailure("cannot open the key that protects config values: " + e.getMessage(), e);
        }
    }

    public String banner() {
        return "HIY " + Version.VERSION + " listening: ssh :" + settings.sshPort() + ", http :" + settings.httpPort()
                + ", https :" + settings.httpsPort()
                + (settings.apiPort().isPresent() ? ", api 127.0.0.1:" + settings.apiPort().getAsInt() : "")
                + ", apps at *." + settings.domain();
    }

    private interface Opener<T extends AutoCloseable> {
        T open() throws RuntimeFailure, RoutingFailure;
    }

    private <T extends AutoCloseable> T open(Opener<T> opener) throws StartupFailure {
        try {
            T t = opener.open();
            started.push(t);
            return t;
        } catch (RuntimeFailure | RoutingFailure e) {
            throw new StartupFailure(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        keys.cancel(false);
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
    }
}
