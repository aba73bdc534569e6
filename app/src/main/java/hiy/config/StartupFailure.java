package hiy.config;

/** Why HIY cannot start, in one line that says the fix. */
public class StartupFailure extends Exception {
    public StartupFailure(String message) {
        super(message);
    }

    public StartupFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
