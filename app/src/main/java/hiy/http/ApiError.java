package hiy.http;

import hiy.commands.Refused;
import hiy.commands.UserError;

/** A request HIY does not carry out: the HTTP status and a message that says what to do instead. */
final class ApiError extends Exception {
    final int status;

    ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    /** A refusal of the rules the SSH commands share, with the status its kind calls for. */
    static ApiError of(UserError e) {
        int status = !(e instanceof Refused r) ? 400 : switch (r.why()) {
            case NOT_ALLOWED -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case INVALID -> 400;
        };
        return new ApiError(status, e.getMessage());
    }
}
