package hiy.http;

import com.sun.net.httpserver.HttpExchange;
import hiy.sshd.AppName;
import hiy.sshd.GitAccessDenied;
import hiy.sshd.GitRepositories;
import org.eclipse.jgit.errors.TooLargePackException;
import org.eclipse.jgit.errors.UnpackException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * git clone, fetch and push over HTTP(S) at /git/APP.git (git's "smart" protocol), served by JGit as over SSH: the
 * same rights and app auto-creation ({@link GitRepositories}), the same deploy around a push to main, its progress
 * as remote: lines. The user name and a token as password (Basic); a read-only token may clone, not push. A push holds
 * its connection for the whole build, so git gets threads of its own and the API keeps answering meanwhile.
 */
final class GitOverHttp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GitOverHttp.class);
    static final String PREFIX = "/git/";
    private static final String UPLOAD = "git-upload-pack";
    private static final String RECEIVE = "git-receive-pack";
    static final int THREADS = 4;

    private final Authenticator authenticator;
    private final GitRepositories repositories;
    private final ThreadPoolExecutor workers = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(8), r -> {
                Thread t = new Thread(r, "hiy-git-http");
                t.setDaemon(true);
                return t;
            });

    GitOverHttp(Authenticator authenticator, GitRepositories repositories) {
        this.authenticator = authenticator;
        this.repositories = repositories;
    }

    /** Takes the exchange over: it is answered and closed on one of git's threads. */
    void submit(HttpExchange exchange, String client) throws ApiError {
        try {
            workers.execute(() -> {
                try (exchange) {
                    try {
                        serve(exchange, client);
                    } catch (ApiError e) {
                        reply(exchange, e);
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("git over HTTP {} failed", exchange.getRequestURI().getRawPath(), e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            throw new ApiError(503, "HIY is serving as many git requests as it can; try again in a minute");
        }
    }

    private void serve(HttpExchange exchange, String client) throws ApiError, IOException {
        String rest = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 0) throw new ApiError(404, "clone with: git clone https://hiy.HIY_DOMAIN/git/APP.git");
        String app = appName(rest.substring(0, slash));
        String what = rest.substring(slash + 1);
        String method = exchange.getRequestMethod();
        String service;
        boolean advertise;
        if (what.equals("info/refs") && method.equals("GET")) {
            String query = exchange.getRequestURI().getRawQuery();
            service = query == null ? "" : query.replaceFirst("^service=", "");
            if (!service.equals(UPLOAD) && !service.equals(RECEIVE)) {
                throw new ApiError(403, "HIY speaks git's smart HTTP protocol only; use git 1.7 or later");
            }
            advertise = true;
        } else if ((what.equals(UPLOAD) || what.equals(RECEIVE)) && method.equals("POST")) {
            service = what;
            advertise = false;
        } else {
            throw new ApiError(404, "no git path " + what + "; clone with: git clone https://hiy.HIY_DOMAIN/git/" + app + ".git");
        }
        Caller caller = authenticator.authenticateBasic(exchange.getRequestHeaders().get("Authorization"), client);
        boolean push = service.equals(RECEIVE);
        caller.narrowTo(app, push);
        try (Repository repo = push ? repositories.forPush(caller.who(), app, client) : repositories.forFetch(caller.who(), app)) {
            if (advertise) advertise(exchange, repo, service, caller, app, client);
            else run(exchange, repo, service, caller, app, client);
        } catch (GitAccessDenied e) {
            // git shows an ERR line as "remote error: MESSAGE"; an HTTP status alone only as a number.
            exchange.getResponseHeaders().set("Content-Type", "application/x-" + service + "-advertisement");
            exchange.sendResponseHeaders(200, 0);
            PacketLineOut out = new PacketLineOut(exchange.getResponseBody());
            out.writeString("# service=" + service + "\n");
            out.end();
            out.writeString("ERR " + e.getMessage());
        }
    }

    private void advertise(HttpExchange exchange, Repository repo, String service, Caller caller, String app,
                           String client) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-" + service + "-advertisement");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        PacketLineOut out = new PacketLineOut(body);
        out.writeString("# service=" + service + "\n");
        out.end();
        RefAdvertiser.PacketLineOutRefAdvertiser refs = new RefAdvertiser.PacketLineOutRefAdvertiser(out);
        if (service.equals(UPLOAD)) {
            UploadPack pack = new UploadPack(repo);
            pack.setBiDirectionalPipe(false);
            pack.sendAdvertisedRefs(refs);
        } else {
            receivePack(repo, caller, app, client).sendAdvertisedRefs(refs);
        }
        body.flush();
    }

    private void run(HttpExchange exchange, Repository repo, String service, Caller caller, String app, String client)
            throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) in = new GZIPInputStream(in);
        exchange.getResponseHeaders().set("Content-Type", "application/x-" + service + "-result");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        if (service.equals(UPLOAD)) {
            UploadPack pack = new UploadPack(repo);
            pack.setBiDirectionalPipe(false);
            pack.upload(in, out, null);
        } else {
            try {
                receivePack(repo, caller, app, client).receive(in, out, null);
            } catch (UnpackException e) {
                if (!(e.getCause() instanceof TooLargePackException)) throw e;
                LOG.info("push to {} by {} over HTTP larger than HIY_MAX_PUSH_MB", app, caller.who().user());
            }
        }
        out.flush();
    }

    /** As over SSH (GitPackCommand): any ref may be forced, each on its own, within the push limit, with the deploy hook. */
    private ReceivePack receivePack(Repository repo, Caller caller, String app, String client) {
        ReceivePack pack = new ReceivePack(repo);
        pack.setBiDirectionalPipe(false);
        pack.setAllowNonFastForwards(true);
        pack.setAtomic(false);
        pack.setMaxPackSizeLimit(repositories.maxPushBytes());
        repositories.prepare(pack, caller.who(), app, client);
        return pack;
    }

    private static String appName(String segment) throws ApiError {
        try {
            return AppName.validate(segment.endsWith(".git") ? segment.substring(0, segment.length() - 4) : segment);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage());
        }
    }

    private static void reply(HttpExchange exchange, ApiError e) {
        try {
            if (e.status == 401) exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"hiy\"");
            Exchanges.reply(exchange, e.status, Map.of("error", e.getMessage()));
        } catch (IOException ignored) {
            // the client is gone
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    static boolean handles(String path) {
        return path.startsWith(PREFIX);
    }
}
