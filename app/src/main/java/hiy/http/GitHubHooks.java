package hiy.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import hiy.build.BuildQueue;
import hiy.commands.AppAccess;
import hiy.hooks.DeployHook;
import hiy.repos.AppRepositories;
import hiy.repos.RemoteRepository;
import hiy.sshd.HostHint;
import hiy.sshd.Identity;
import hiy.store.Audit;
import hiy.store.Users;
import hiy.store.Webhooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * POST /hooks/github/APP: a delivery of the app's GitHub webhook. Signed with the webhook's secret or refused (401,
 * nothing queued). A push to the linked branch is answered 202 at once; the commit is then fetched into the app's
 * repository and built by the queue as a push would be, in the name of the user who set the webhook, with that
 * user's rights now. Other events and branches, redeliveries and "[skip deploy]" are answered 200 with the reason.
 */
final class GitHubHooks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GitHubHooks.class);
    /** GitHub caps payloads at 25 MB; a push's is a few KB per commit, and only its head matters here. */
    static final int MAX_BODY = 1024 * 1024;
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern DELIVERY = Pattern.compile("[A-Za-z0-9-]{1,64}");
    static final String SKIP = "[skip deploy]";
    private static final int ANSWER_SECONDS = 10;

    private final Webhooks webhooks;
    private final HostHint hostHint;
    private final Users users;
    private final AppAccess appAccess;
    private final AppRepositories repositories;
    private final BuildQueue queue;
    private final Audit audit;
    private final Map<String, Map<String, AtomicLong>> deliveries = new ConcurrentHashMap<>();
    /** One fetch at a time, a few waiting: deliveries beyond that are refused with 503 and GitHub can redeliver. */
    private final ThreadPoolExecutor fetches = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(16), r -> {
                Thread t = new Thread(r, "hiy-webhook-fetch");
                t.setDaemon(true);
                return t;
            });

    GitHubHooks(Webhooks webhooks, HostHint hostHint, Users users, AppAccess appAccess, AppRepositories repositories,
                BuildQueue queue, Audit audit) {
        this.webhooks = webhooks;
        this.hostHint = hostHint;
        this.users = users;
        this.appAccess = appAccess;
        this.repositories = repositories;
        this.queue = queue;
        this.audit = audit;
    }

    void deliver(HttpExchange exchange, String app, String client) throws ApiError, IOException {
        byte[] body = Exchanges.rawJsonBody(exchange, MAX_BODY);
        Webhooks.Webhook hook = webhooks.of(app).orElseThrow(() -> new ApiError(401, "no webhook is set for "
                + app + "; its owner sets one with: ssh " + hostHint.ssh() + " webhooks:set " + app + " REPO_URL"));
        var headers = exchange.getRequestHeaders();
        if (!GitHubSignature.valid(hook.secret(), body, headers.getFirst("X-Hub-Signature-256"))) {
            count(app, "refused");
            throw new ApiError(401, "the X-Hub-Signature-256 header is missing or does not match this body; set the"
                    + " webhook's secret to the one webhooks:set printed (run it again for a new one)");
        }
        String event = headers.getFirst("X-GitHub-Event");
        if ("ping".equals(event)) {
            count(app, "ping");
            Exchanges.reply(exchange, 200, Map.of("result", "pong: the webhook of " + app + " is set up"));
            return;
        }
        if (!"push".equals(event)) {
            count(app, "ignored");
            Exchanges.reply(exchange, 200, Map.of("result", "ignored: " + app + " deploys on push events only, not " + event));
            return;
        }
        String delivery = headers.getFirst("X-GitHub-Delivery");
        if (delivery == null || !DELIVERY.matcher(delivery).matches()) {
            throw new ApiError(400, "the X-GitHub-Delivery header is missing or malformed; GitHub sends one with every delivery");
        }
        JsonNode push = Exchanges.parse(body);
        String ref = push.path("ref").asText();
        String sha = push.path("after").asText();
        if (!ref.equals("refs/heads/" + hook.branch())) {
            count(app, "ignored");
            Exchanges.reply(exchange, 200, Map.of("result", "ignored: " + app + " deploys pushes to " + hook.branch()
                    + ", this one was to " + ref));
            return;
        }
        if (push.path("deleted").asBoolean(false) || sha.matches("0{40}")) {
            count(app, "ignored");
            Exchanges.reply(exchange, 200, Map.of("result", "ignored: the branch was deleted; " + app + " keeps running"));
            return;
        }
        if (!SHA.matcher(sha).matches()) throw new ApiError(400, "the push has no commit in \"after\"; send GitHub's push payload");
        if (push.path("head_commit").path("message").asText("").contains(SKIP)) {
            count(app, "skipped");
            Exchanges.reply(exchange, 200, Map.of("result", "skipped: the head commit says " + SKIP));
            return;
        }
        Identity setter = setter(hook);
        if (!webhooks.firstDelivery(app, delivery)) {
            count(app, "replay");
            Exchanges.reply(exchange, 200, Map.of("result", "ignored: delivery " + delivery + " was taken before"));
            return;
        }
        // The fetch waits for the answer: started at once, it took the CPU and the database from the 202 (+80-110 ms).
        CountDownLatch answered = new CountDownLatch(1);
        try {
            fetches.execute(() -> {
                awaitAnswer(answered);
                fetchAndQueue(hook, sha, setter, client, delivery);
            });
        } catch (RejectedExecutionException e) {
            throw new ApiError(503, "too many webhook deliveries are waiting; redeliver this one in a minute");
        }
        count(app, "queued");
        try {
            Exchanges.reply(exchange, 202, Map.of("result", "queued: fetching " + sha.substring(0, 7) + " to deploy " + app));
        } finally {
            answered.countDown();
        }
        audit(setter, client, "webhook push " + hook.branch() + " " + sha.substring(0, 7) + " (delivery " + delivery + ")",
                app, "queued");
    }

    /** Bounded, so that a reply that never finishes holds up no fetch for long. */
    private static void awaitAnswer(CountDownLatch answered) {
        try {
            answered.await(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Who set the webhook, with their rights now: a user who may no longer use the app deploys nothing. */
    private Identity setter(Webhooks.Webhook hook) throws ApiError {
        Users.User user = users.user(hook.user()).orElse(null);
        Identity who = user == null ? null : new Identity(user.name(), user.admin(), "via webhook");
        boolean allowed = who != null && appAccess.mayUse(who, hook.app());
        try {
            if (allowed) RemoteRepository.checkUrl(hook.repoUrl(), who.admin());
        } catch (IllegalArgumentException e) {
            allowed = false;
        }
        if (!allowed) {
            throw new ApiError(403, hook.user() + ", who set this webhook, may no longer deploy " + hook.app()
                    + " from it; a user of the app sets it again: ssh " + hostHint.ssh() + " webhooks:set " + hook.app() + " REPO_URL");
        }
        return who;
    }

    private void fetchAndQueue(Webhooks.Webhook hook, String sha, Identity setter, String client, String delivery) {
        try {
            RemoteRepository.fetch(repositories.repoDir(hook.app()), hook.repoUrl(), hook.branch(), sha, hook.deployKey());
            long id = queue.enqueue(hook.app(), sha, DeployHook.DEPLOY_REF, "webhook", setter.user());
            LOG.info("webhook delivery {} of {}: build {} of {}", delivery, hook.app(), id, sha);
        } catch (IOException | RuntimeException e) {
            LOG.warn("webhook delivery {} of {} not built: {}", delivery, hook.app(), e.getMessage());
            audit(setter, client, "webhook push " + hook.branch() + " " + sha.substring(0, 7) + " (delivery " + delivery + ")",
                    hook.app(), "not built: " + e.getMessage());
        }
    }

    /** Deliveries since HIY started, per app (only apps with a webhook, so a stranger cannot add series) and result. */
    Map<String, Map<String, Long>> deliveries() {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        deliveries.forEach((app, results) -> results.forEach((result, n) ->
                copy.computeIfAbsent(app, a -> new TreeMap<>()).put(result, n.get())));
        return copy;
    }

    private void count(String app, String result) {
        deliveries.computeIfAbsent(app, a -> new ConcurrentHashMap<>()).computeIfAbsent(result, r -> new AtomicLong())
                .incrementAndGet();
    }

    private void audit(Identity who, String client, String action, String app, String outcome) {
        audit.record(who.user(), who.fingerprint(), client, action, app, outcome);
    }

    @Override
    public void close() {
        fetches.shutdownNow();
    }
}
