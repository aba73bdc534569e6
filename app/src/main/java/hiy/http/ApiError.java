package hiy.http;

/** A request HIY does not carry out: the HTTP status and a message that says what to do instead. */
final class ApiError extends Exception {
    final int status;

    ApiError(int status, String message) {
        super(message);
        this.status = status;
    }
}
