package hiy.runtime;

/** The container engine refused or failed; the message says what went wrong and what to do. */
public class RuntimeFailure extends Exception {
    public RuntimeFailure(String message) { super(message); }
    public RuntimeFailure(String message, Throwable cause) { super(message, cause); }
}
