package hiy.sshd;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Adapts MINA's command lifecycle (streams, start, exit callback) to a blocking body run on a worker thread. */
abstract class StreamCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(StreamCommand.class);
    /** How long a session whose rights were taken away stays open after its last command's channel closed. */
    private static final Duration END_GRACE = Duration.ofMillis(500);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private final ExecutorService workers;
    protected InputStream in;
    protected OutputStream out;
    protected OutputStream err;
    private ExitCallback exit;
    /** Completes when MINA destroys the command: its channel closed, at the end or because the client went away. */
    protected final CompletableFuture<Void> closed = new CompletableFuture<>();

    StreamCommand(ExecutorService workers) {
        this.workers = workers;
    }

    @Override public void setInputStream(InputStream in) { this.in = in; }
    @Override public void setOutputStream(OutputStream out) { this.out = out; }
    @Override public void setErrorStream(OutputStream err) { this.err = err; }
    @Override public void setExitCallback(ExitCallback callback) { this.exit = callback; }

    @Override
    public void start(ChannelSession channel, Environment env) {
        Pty pty = Pty.of(env);
        workers.submit(() -> {
            int status;
            try {
                status = run(channel, pty);
            } catch (Exception | Error e) {
                // The client gets no exception text: it may name HIY's classes, files or state.
                LOG.warn("command failed", e);
                status = SshCommand.FAILURE;
                try {
                    err.write("HIY failed while running the command; this is HIY's fault, not yours: the server log has the details\n"
                            .getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the client is gone; nothing left to tell
                }
            }
            try {
                out.flush();
                err.flush();
            } catch (IOException ignored) {
                // the client is gone
            }
            exit.onExit(status);
            if (channel.getSession().getAttribute(SshDaemon.ENDED) != null) endSessionSoon(channel);
        });
    }

    /**
     * Rights taken away, perhaps by this very command: a multiplexing client (ssh -M) must not run more on the
     * session, so it is closed. The door refuses new commands on it at once; the close waits until this channel has
     * closed and a moment more, so that the client has handed the exit status on to the command that asked (closed
     * at once, the master ssh could end before it did, and the command exited 255 though it ran).
     */
    private void endSessionSoon(ChannelSession channel) {
        ScheduledExecutorService timer = channel.getSession().getFactoryManager().getScheduledExecutorService();
        Runnable end = () -> channel.getSession().close(false);
        closed.whenComplete((done, failed) -> timer.schedule(end, END_GRACE.toMillis(), TimeUnit.MILLISECONDS));
        timer.schedule(end, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS); // a client that never closes the channel
    }

    @Override
    public void destroy(ChannelSession channel) {
        closed.complete(null);
    }

    /** @param pty the client's terminal, or null when it asked for none */
    protected abstract int run(ChannelSession channel, Pty pty) throws Exception;
}
