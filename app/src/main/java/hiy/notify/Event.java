package hiy.notify;

/**
 * Something about an app worth telling its people: a release went live (deploy, rollback), a deploy failed, a
 * process crashed. detail: the app's URL, or why it failed or how it ended.
 */
public record Event(String kind, String app, Integer release, String sha, String user, String detail) {
    public static Event deployed(String app, int release, String sha, String user, String url) {
        return new Event("deploy", app, release, sha, user, url);
    }

    public static Event rolledBack(String app, int release, String sha, String user, String url) {
        return new Event("rollback", app, release, sha, user, url);
    }

    public static Event failed(String app, String sha, String user, String reason) {
        return new Event("fail", app, null, sha, user, reason);
    }

    public static Event crashed(String app, Integer release, String what) {
        return new Event("crash", app, release, null, null, what);
    }

    /** A short line for a title: ASCII only, as an HTTP header must be. */
    String title() {
        String t = switch (kind) {
            case "deploy" -> app + " v" + release + " is live";
            case "rollback" -> app + " rolled back, v" + release + " is live";
            case "fail" -> app + ": a deploy failed";
            default -> app + ": a process crashed";
        };
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** The message: app, release, commit, who, and the URL or the reason. */
    String text() {
        String commit = sha == null ? "" : sha.substring(0, Math.min(7, sha.length()));
        return switch (kind) {
            case "deploy" -> app + ": v" + release + " is live (deploy of " + commit + " by " + user + "): " + detail;
            case "rollback" -> app + ": v" + release + " is live (rollback to " + commit + " by " + user + "): " + detail;
            case "fail" -> app + ": the deploy of " + commit + " by " + user + " failed: " + detail;
            default -> app + ": " + detail + (release == null ? "" : " (release v" + release + ")");
        };
    }
}
