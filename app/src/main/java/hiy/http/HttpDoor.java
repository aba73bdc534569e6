package hiy.http;

import com.sun.net.httpserver.HttpServer;
import hiy.commands.Services;
import hiy.dashboard.DashboardRoutes;
import hiy.runtime.LogFanout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * HIY's HTTP door: the JDK's own server (the smallest measured here, see docs/http.md) on 127.0.0.1 only, reached
 * from outside through Caddy at hiy.HIY_DOMAIN. Bounded: a few worker threads and a short queue (a request beyond
 * them has its connection closed), request headers within {@link #HEADER_SECONDS} and {@link #HEADER_BYTES}, bodies
 * within {@link Exchanges#MAX_BODY}.
 */
public final class HttpDoor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpDoor.class);
    static final int THREADS = 4;
    static final int QUEUE = 32;
    static final int HEADER_SECONDS = 10;
    static final int HEADER_BYTES = 32 * 1024;
    static final int MAX_HEADERS = 64;
    static final int MAX_CONNECTIONS = 128;

    static {
        // The JDK server reads these once, when its first instance is made; an operator's own -D wins.
        setDefault("sun.net.httpserver.maxReqTime", String.valueOf(HEADER_SECONDS));
        setDefault("sun.net.httpserver.maxReqHeaders", String.valueOf(MAX_HEADERS));
        setDefault("sun.net.httpserver.maxReqHeaderSize", String.valueOf(HEADER_BYTES));
        setDefault("jdk.httpserver.maxConnections", String.valueOf(MAX_CONNECTIONS));
        setDefault("sun.net.httpserver.idleInterval", "30");
    }

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final GitHubHooks hooks;
    private final GitOverHttp git;
    private final LiveStreams streams;

    private HttpDoor(HttpServer server, ThreadPoolExecutor workers, GitHubHooks hooks, GitOverHttp git, LiveStreams streams) {
        this.server = server;
        this.workers = workers;
        this.hooks = hooks;
        this.git = git;
        this.streams = streams;
    }

    /** hiy: the parts of HIY, which this door hands out to its handlers, each the ones it uses. */
    public static HttpDoor start(int port, Services hiy) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new IOException("cannot listen on 127.0.0.1:" + port + " for HIY's HTTP API (" + e.getMessage()
                    + "); free the port, or set HIY_API_PORT to another one (0 turns the API off)", e);
        }
        ThreadPoolExecutor workers = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "hiy-http");
                    t.setDaemon(true);
                    return t;
                });
        server.setExecutor(workers);
        GitHubHooks hooks = new GitHubHooks(hiy.webhooks(), hiy.hostHint(), hiy.users(), hiy.appAccess(),
                hiy.repositories(), hiy.queue(), hiy.audit());
        Authenticator authenticator = new Authenticator(hiy.tokens(), hiy.users(), hiy.browserSessions(), hiy.hostHint().ssh());
        GitOverHttp git = new GitOverHttp(authenticator, hiy.repositories());
        LogFanout logs = new LogFanout(hiy.runtime()::followLog, hiy.runtime()::lastLogLines);
        LiveStreams streams = new LiveStreams(logs, hiy.queue());
        server.createContext("/", new ApiRoutes(authenticator, api(hiy, streams), streams, hooks, git,
                new Metrics(hiy.appAccess(), hiy.builds(), hiy.releases(), hiy.releaseSwitch(), hiy.expected(),
                        hiy.supervisor(), hiy.sessions(), hooks, logs),
                new DashboardRoutes(hiy)));
        server.start();
        LOG.info("HTTP API on 127.0.0.1:{}", port);
        return new HttpDoor(server, workers, hooks, git, streams);
    }

    /** The API's handlers, each made with the parts it uses. */
    private static ApiRoutes.Api api(Services hiy, LiveStreams streams) {
        return new ApiRoutes.Api(
                new AppsApi(hiy.appAccess(), hiy.lifecycle(), hiy.routes(), hiy.hostHint(), hiy.repositories(),
                        hiy.queue(), hiy.builds(), hiy.config(), hiy.releaseSwitch(), hiy.status(), hiy.releases(),
                        hiy.audit()),
                new ReleasesApi(hiy.appAccess(), hiy.releases(), hiy.hostHint(), hiy.config(), hiy.releaseSwitch(),
                        hiy.audit(), hiy.routes()),
                new ProcessesApi(hiy.appAccess(), hiy.processes(), hiy.runtime(), hiy.supervisor(), hiy.config(),
                        hiy.releaseSwitch(), hiy.audit(), hiy.apps(), hiy.releases(), hiy.formation()),
                new LogsApi(hiy.appAccess(), hiy.releases(), hiy.processes(), hiy.config(), hiy.hostHint(),
                        hiy.runtime(), streams));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        workers.shutdownNow();
        hooks.close();
        git.close();
        streams.close();
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) System.setProperty(property, value);
    }
}
