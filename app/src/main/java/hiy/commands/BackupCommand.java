package hiy.commands;

import hiy.backup.Backups;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Write a backup archive of the whole HIY to standard output (admins).",
        footer = {"", "Example: ssh hiy@box backup > hiy-backup.tar.gz",
                "The archive (tar, gzip) holds a consistent snapshot of the database, every app's repository, the age",
                "identity that opens config values, the SSH host key and HIY's settings; pushes and deploys go on while",
                "it is taken. Keep it as safe as the box itself. Progress goes to standard error. Restore it on a box",
                "with HIY stopped: hiy restore FILE (see docs/backup.md).",
                "Exit status: 0, 1 not an admin, output is a terminal, or a backup is already running; 2 HIY failed."})
@AdminOnly("take backups")
final class BackupCommand extends HiyCommand {
    private final Backups backups;

    BackupCommand(Backups backups) {
        this.backups = backups;
    }

    @Override
    protected int execute() throws Exception {
        if (context.terminal()) {
            throw new UserError("the backup is binary and would garble a terminal: run it without -t and redirect it,"
                    + " e.g. ssh " + hostHint() + " backup > hiy-backup.tar.gz");
        }
        PrintStream err = context.err();
        try {
            Backups.Taken taken = backups.writeTo(new Checked(out()), line -> err.println("-----> " + line));
            err.println("-----> backup of " + taken.apps().size() + " apps written");
            return OK;
        } catch (Backups.BackupBusy e) {
            throw new UserError(e.getMessage());
        } catch (ClientGone e) {
            // nobody is left to read a message; the audit log records the exit status
            return 1;
        }
    }

    @Override
    protected String auditAction() {
        return "backup";
    }

    /** A PrintStream hides write errors; a backup must stop when the client went away, not write on into nothing. */
    private static final class Checked extends OutputStream {
        private final PrintStream out;

        Checked(PrintStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            check();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            check();
        }

        @Override
        public void flush() throws IOException {
            out.flush();
            check();
        }

        private void check() throws IOException {
            if (out.checkError()) throw new ClientGone();
        }
    }

    /** The client went away before the archive was complete; what it got is a cut-off archive restore refuses. */
    private static final class ClientGone extends IOException {
        ClientGone() {
            super("the client stopped reading the backup");
        }
    }
}
