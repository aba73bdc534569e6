package hiy.sshd;

import org.apache.sshd.common.channel.exception.SshChannelClosedException;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.errors.TooLargePackException;
import org.eclipse.jgit.errors.UnpackException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * git-receive-pack and git-upload-pack on an app's bare repository, served by JGit.
 * Unlike a plain path resolver, the path is an app name checked against the rules and the caller's rights.
 */
public final class GitPackCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(GitPackCommand.class);
    private static final String RECEIVE = "git-receive-pack";
    private static final String UPLOAD = "git-upload-pack";

    private final ExecutorService workers;
    private final GitRepositories repositories;
    private final String service;
    private final List<String> args;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    public GitPackCommand(ExecutorService workers, GitRepositories repositories, String service, List<String> args) {
        this.workers = workers;
        this.repositories = repositories;
        this.service = service;
        this.args = List.copyOf(args);
    }

    public static boolean handles(String command) {
        return RECEIVE.equals(command) || UPLOAD.equals(command);
    }

    @Override public void setInputStream(InputStream in) { this.in = in; }
    @Override public void setOutputStream(OutputStream out) { this.out = out; }
    @Override public void setErrorStream(OutputStream err) { this.err = err; }
    @Override public void setExitCallback(ExitCallback callback) { this.exit = callback; }
    @Override public void destroy(ChannelSession channel) { }

    @Override
    public void start(ChannelSession channel, Environment env) {
        Identity who = channel.getSession().getAttribute(SshDaemon.IDENTITY);
        String client = String.valueOf(channel.getSession().getClientAddress());
        workers.submit(() -> exit.onExit(serve(who, client)));
    }

    private int serve(Identity who, String client) {
        try {
            if (args.size() != 1) {
                return fail("usage: " + service + " APP (git runs this for you: git push ssh://hiy@HOST:PORT/APP main)");
            }
            String app;
            try {
                app = AppName.fromRepoPath(args.get(0));
            } catch (IllegalArgumentException e) {
                return fail(e.getMessage());
            }
            if (RECEIVE.equals(service)) {
                try (Repository repo = repositories.forPush(who, app, client)) {
                    ReceivePack pack = new ReceivePack(repo);
                    pack.setAllowNonFastForwards(true);
                    pack.setAtomic(false);
                    pack.setMaxPackSizeLimit(repositories.maxPushBytes());
                    repositories.prepare(pack, who, app, client);
                    pack.receive(in, out, err);
                } catch (UnpackException e) {
                    if (!(e.getCause() instanceof TooLargePackException)) throw e;
                    return fail("the push is larger than " + repositories.maxPushBytes() / (1024 * 1024) + " MB, the"
                            + " most this HIY takes at once (HIY_MAX_PUSH_MB); nothing was stored. Push fewer commits at"
                            + " a time, keep large files out of git, or ask the admin to raise the limit");
                }
            } else {
                try (Repository repo = repositories.forFetch(who, app)) {
                    new UploadPack(repo).upload(in, out, err);
                }
            }
            return SshCommand.OK;
        } catch (GitAccessDenied e) {
            return fail(e.getMessage());
        } catch (SshChannelClosedException e) {
            // The deploy runs before git gets the refs' status, so a pusher who leaves mid-build ends here.
            LOG.info("{} by {}: the client left before the end", service, who == null ? "?" : who.user());
            return SshCommand.FAILURE;
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} by {} failed", service, who == null ? "?" : who.user(), e);
            return failQuietly("HIY could not complete " + service + ": " + e.getMessage());
        } finally {
            try {
                out.flush();
                err.flush();
            } catch (IOException ignored) {
                // client gone
            }
        }
    }

    private int fail(String message) {
        failQuietly(message);
        return SshCommand.USER_ERROR;
    }

    private int failQuietly(String message) {
        try {
            err.write(("HIY: " + message + "\n").getBytes(StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException ignored) {
            // client gone
        }
        return SshCommand.FAILURE;
    }
}
