package hiy.build;

/** A build that failed for a reason the user can act on; the message says what to do. */
public class BuildException extends Exception {
    public BuildException(String message) { super(message); }
    public BuildException(String message, Throwable cause) { super(message, cause); }
}
