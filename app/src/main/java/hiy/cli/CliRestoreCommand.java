package hiy.cli;

import hiy.backup.ArchiveRefused;
import hiy.backup.Restore;
import hiy.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "restore", description = {"Restore a backup archive into an empty data dir (HIY_DATA_DIR), with HIY stopped."},
        footer = {"", "Example: HIY_DATA_DIR=/var/lib/hiy hiy restore hiy-backup-20261202T030000Z.tar.gz",
                "The whole archive is checked first; a damaged one is refused and nothing is written.",
                "Then start HIY: each app comes back at its release from its image if Podman still has it,",
                "else HIY builds it again from its repository."})
final class CliRestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "an archive written by hiy backup or ssh hiy@box backup")
    Path file;

    @Override
    public Integer call() {
        Path target = null;
        try {
            Settings settings = Settings.fromEnvironment();
            target = settings.dataDir();
            Restore.Restored r = Restore.into(file, target, settings.sshPort(), line -> System.err.println("-----> " + line));
            System.out.println("Restored " + r.apps().size() + " apps (" + String.join(", ", r.apps()) + ") from the backup"
                    + " HIY " + r.hiyVersion() + " took at " + r.created() + " into " + target + ".");
            System.out.println("Start HIY (hiy server): apps whose image Podman still has serve again at once, the others"
                    + " are built again from their repositories.");
            return 0;
        } catch (ArchiveRefused e) {
            System.err.println("hiy: " + file + " is not an intact HIY backup: " + e.getMessage() + ". Nothing was"
                    + " restored (" + target + " is as it was); use another copy of the backup.");
        } catch (Restore.Refused e) {
            System.err.println("hiy: " + e.getMessage());
        } catch (IOException e) {
            System.err.println("hiy: restore failed, nothing was restored: " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("hiy: " + e.getMessage());
        }
        return 1;
    }
}
