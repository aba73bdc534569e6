package hiy.commands;

/**
 * A caller's mistake of a known kind, so that each door can say it its own way: over SSH exit status 1 like every
 * {@link UserError}, over HTTP the status code the kind calls for.
 */
public final class Refused extends UserError {
    public enum Why {
        /** The caller may not do this (an admin's command). */
        NOT_ALLOWED,
        /** What was named does not exist. */
        NOT_FOUND,
        /** It conflicts with how things stand (exists already, is already current, is stopped). */
        CONFLICT,
        /** The request itself is malformed or incomplete. */
        INVALID
    }

    private final Why why;

    public Refused(Why why, String message) {
        super(message);
        this.why = why;
    }

    public Why why() {
        return why;
    }
}
