package hiy.release;

/** A scale the release cannot run (an unknown process type, too many containers), refused before anything changed. */
public final class ScaleRefused extends SwitchFailure {
    public ScaleRefused(String message) {
        super(message);
    }
}
