package hiy.sshd;

import java.util.Map;
import java.util.function.Predicate;

/**
 * The door's logged-in sessions, so that taking a right away also ends what its holder already has open; and how
 * the door's sessions went, for the metrics.
 */
public interface OpenSessions {
    /**
     * Ends every session whose identity matches, with the reason as the client's disconnect message. The caller's
     * own session (the identity of the command asking) is not cut mid-command: it may only finish that command.
     *
     * @return how many sessions were ended or stopped from running more
     */
    int end(Predicate<Identity> whose, Identity caller, String why);

    /** Sessions since HIY started by how they went: ok, refused (no known key), no_login (no key tried). */
    Map<String, Long> sessionsByResult();
}
