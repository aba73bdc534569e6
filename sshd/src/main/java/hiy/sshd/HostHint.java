package hiy.sshd;

/**
 * How messages tell a user to reach this HIY: the ssh destination ({@code hiy@HOST -p 2222}) and the git URL of an
 * app ({@code ssh://hiy@HOST:2222/APP}). HOST stays a placeholder: HIY cannot know the name users give the box.
 */
public record HostHint(int port) {
    private static final int DEFAULT_SSH_PORT = 22;

    /** What follows {@code ssh} in a command line. */
    public String ssh() {
        return SshDaemon.SSH_USER + "@HOST" + (port == DEFAULT_SSH_PORT ? "" : " -p " + port);
    }

    /** As {@link #ssh()}: a message that writes the hint in a string says what the user types. */
    @Override
    public String toString() {
        return ssh();
    }

    /** What {@code git push} and {@code git remote add} take. */
    public String repoUrl(String app) {
        return "ssh://" + SshDaemon.SSH_USER + "@HOST" + (port == DEFAULT_SSH_PORT ? "" : ":" + port) + "/" + app;
    }
}
