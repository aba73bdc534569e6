package hiy.routing;

/** The router refused or could not be reached; the message says what to do. */
public class RoutingFailure extends Exception {
    public RoutingFailure(String message) { super(message); }
    public RoutingFailure(String message, Throwable cause) { super(message, cause); }
}
