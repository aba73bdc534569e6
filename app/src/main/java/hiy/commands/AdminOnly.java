package hiy.commands;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Only admins may run the command; {@link HiyCommand} refuses everyone else before the body runs, with
 * "only admins can VALUE; ask an admin".
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AdminOnly {
    /** What the command does, as the end of "only admins can …", e.g. "create apps". */
    String value();
}
