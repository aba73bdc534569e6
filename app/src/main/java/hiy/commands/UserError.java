package hiy.commands;

/** The caller's mistake: exit status 1, and the message says what to type next. */
public class UserError extends Exception {
    public UserError(String message) {
        super(message);
    }
}
