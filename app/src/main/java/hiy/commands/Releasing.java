package hiy.commands;

import hiy.hooks.DeployHook;
import hiy.release.ExpectedProcesses;
import hiy.release.SwitchFailure;
import hiy.sshd.HostHint;
import hiy.store.Apps;

import java.util.List;

/** What the release commands share: the push that deploys, how many processes run, reading "v3", how a switch ended. */
final class Releasing {

    private Releasing() { }

    /** The push that deploys an app, as the user types it. */
    static String pushCommand(HostHint hint, String app) {
        return "git push " + hint.repoUrl(app) + " " + DeployHook.DEPLOY_BRANCH;
    }

    /** How many of the processes the app should run are running. */
    record Running(int up, int expected) {
        boolean all() {
            return up == expected;
        }
    }

    static Running running(ExpectedProcesses expected, Apps.App app) {
        List<ExpectedProcesses.Expected> all = expected.of(app);
        int up = (int) all.stream().filter(expected::runs).count();
        return new Running(up, all.size());
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
}
