package hiy.sshd;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;

/** The terminal a client asked for (ssh -t): its type and window size, which follows the client's window. */
public final class Pty {
    /** What OpenSSH sends for TERM when its own is unset; the type Podman gives a TTY by default too. */
    private static final String DEFAULT_TERM = "xterm";

    private final Environment env;

    private Pty(Environment env) {
        this.env = env;
    }

    /** The client's terminal, or null when it asked for none. */
    static Pty of(Environment env) {
        boolean terminal = !env.getPtyModes().isEmpty() || env.getEnv().containsKey(Environment.ENV_TERM);
        return terminal ? new Pty(env) : null;
    }

    public String term() {
        String term = env.getEnv().get(Environment.ENV_TERM);
        return term == null || term.isBlank() ? DEFAULT_TERM : term;
    }

    /** 0 when the client did not say (ssh -tt without a terminal of its own sends no size). */
    public int columns() {
        return number(Environment.ENV_COLUMNS);
    }

    public int lines() {
        return number(Environment.ENV_LINES);
    }

    /**
     * Calls the listener after each change of the client's window, with the new size in {@link #columns()} and
     * {@link #lines()}. It runs on an SSH I/O thread, so it must not block.
     */
    public void onResize(Runnable listener) {
        env.addSignalListener((channel, signal) -> listener.run(), Signal.WINCH);
    }

    private int number(String key) {
        try {
            return Math.max(0, Integer.parseInt(env.getEnv().getOrDefault(key, "0")));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
