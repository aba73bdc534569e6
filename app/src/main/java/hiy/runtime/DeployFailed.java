package hiy.runtime;

/** A deploy that stopped with the previous release still serving; the message says what to do. */
public class DeployFailed extends Exception {
    public DeployFailed(String message) {
        super(message);
    }
}
