package hiy.sshd;

/** A push or fetch that may not happen; the message tells the user why and what to do. */
public class GitAccessDenied extends Exception {
    public GitAccessDenied(String message) {
        super(message);
    }
}
