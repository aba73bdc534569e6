package hiy.hooks;

import java.time.Duration;
import java.util.List;

/** The build queue as a push sees it: enqueue one build, then read its progress until it ends. */
public interface Deployments {
    /** Records a build of sha for app (one record per push) and returns its id. */
    long enqueue(String app, String sha, String ref, String user);

    /** How many builds run or wait ahead of this one. */
    int ahead(long buildId);

    /**
     * Progress lines from index {@code from}, waiting up to {@code wait} for at least one.
     * The last read of a build has finished=true.
     */
    Progress read(long buildId, int from, Duration wait) throws InterruptedException;

    /** failure: why a finished build did not go live, as the user reads it (null while running or once live). */
    record Progress(List<String> lines, boolean finished, boolean succeeded, String failure) { }
}
