package hiy.commands;

import hiy.hooks.DeployHook;
import hiy.release.ExpectedProcesses;
import hiy.release.SwitchFailure;
import hiy.store.Apps;
import hiy.store.Releases;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** What the release commands share: finding the running release, reading "v3", and saying how a switch ended. */
final class Releasing {
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Releasing() { }

    /** The app's current release; an app that was never deployed has none, which is the caller's to fix. */
    static Releases.Release current(HiyCommand command, Apps.App app) {
        return command.hiy.releases().current(app).orElse(null);
    }

    static Releases.Release requireCurrent(HiyCommand command, Apps.App app) throws UserError {
        return RollbackTarget.current(command.hiy, app);
    }

    /** The push that deploys an app, as the user types it. */
    static String pushCommand(Services hiy, String app) {
        return "git push " + hiy.hostHint().repoUrl(app) + " " + DeployHook.DEPLOY_BRANCH;
    }

    /** How many of the processes the app should run are running. */
    record Running(int up, int expected) {
        boolean all() {
            return up == expected;
        }
    }

    static Running running(HiyCommand command, Apps.App app) {
        return running(command.hiy, app);
    }

    static Running running(Services hiy, Apps.App app) {
        List<ExpectedProcesses.Expected> expected = hiy.expected().of(app);
        int up = (int) expected.stream().filter(hiy.expected()::runs).count();
        return new Running(up, expected.size());
    }

    /** "v3" or "3" → 3. */
    static int version(String text) throws UserError {
        String digits = text.startsWith("v") ? text.substring(1) : text;
        if (!digits.matches("[0-9]{1,9}") || Integer.parseInt(digits) == 0) {
            throw new UserError("\"" + text + "\" is not a release: write it as v3 (see the VERSION column of: ssh hiy@HOST releases APP)");
        }
        return Integer.parseInt(digits);
    }

    /** A switch that did not go live is about the app, not HIY: exit 1, the reason, and what to run next. */
    static int failed(HiyCommand command, SwitchFailure e, String next) {
        command.context.err().println(command.style.error(" !     " + e.getMessage()));
        command.context.err().println(next);
        return 1;
    }

    static String sha7(String sha) {
        return sha == null ? "-" : sha.substring(0, Math.min(7, sha.length()));
    }

    /** "12 s", "5 min", "3 h 20 min", "2 d 4 h". */
    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) return s + " s";
        if (s < 3600) return s / 60 + " min";
        if (s < 86_400) return s / 3600 + " h" + (s % 3600 >= 60 ? " " + s % 3600 / 60 + " min" : "");
        return s / 86_400 + " d" + (s % 86_400 >= 3600 ? " " + s % 86_400 / 3600 + " h" : "");
    }

    /** Within a day "5 min ago"; older, the box's local date and time. */
    static String ago(long epochMillis, Instant now) {
        Duration d = Duration.between(Instant.ofEpochMilli(epochMillis), now);
        if (d.toHours() < 24) return duration(d) + " ago";
        return DAY_AND_TIME.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault()));
    }
}
