package hiy.commands;

/** What taking a right away did to the sessions its holder had open, told to the admin who took it. */
final class Ended {
    private Ended() { }

    static void report(HiyCommand command, int sessions, String user) {
        if (sessions == 0) return;
        command.out().println("Ended " + sessions + (sessions == 1 ? " open SSH session" : " open SSH sessions") + " of "
                + user + ".");
    }
}
