package hiy.release;

/** A switch that did not happen; whatever served before still serves. The message says what to do. */
public class SwitchFailure extends Exception {
    public SwitchFailure(String message) {
        super(message);
    }
}
