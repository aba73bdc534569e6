package hiy.cli;

import hiy.backup.BackupSchedule;
import hiy.backup.Backups;
import hiy.config.Settings;
import hiy.store.DataDir;
import hiy.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "backup", description = {"Write a backup archive of this HIY's data dir, whether or not the server runs.",
        "Pushes and deploys go on while it is taken."},
        footer = {"", "Examples: hiy backup                       (hiy-backup-DATE.tar.gz in this directory)",
                "          hiy backup /mnt/usb/hiy.tar.gz",
                "          hiy backup - | ssh other-box 'cat > hiy.tar.gz'",
                "Restore with: hiy restore FILE (see docs/backup.md)."})
final class CliBackupCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "FILE", description = "where to write the archive; - for standard output")
    String file;

    @Override
    public Integer call() {
        try {
            Settings settings = Settings.fromEnvironment();
            DataDir data = new DataDir(settings.dataDir());
            if (!Files.isRegularFile(data.database())) {
                System.err.println("hiy: no HIY data dir at " + data.root() + " (no hiy.db there): set HIY_DATA_DIR to"
                        + " the data dir to back up");
                return 1;
            }
            Backups backups = new Backups(data, Database.open(data.database()), settings);
            if ("-".equals(file)) {
                if (System.console() != null) {
                    System.err.println("hiy: the backup is binary and would garble the terminal: redirect it, e.g."
                            + " hiy backup - > hiy-backup.tar.gz, or give a FILE");
                    return 1;
                }
                try (OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 256 * 1024)) {
                    backups.writeTo(out, line -> System.err.println("-----> " + line));
                }
                return 0;
            }
            Path target = Path.of(file != null ? file : BackupSchedule.name(Instant.now()));
            if (Files.isDirectory(target)) target = target.resolve(BackupSchedule.name(Instant.now()));
            Backups.Taken taken = backups.writeFile(target, line -> System.err.println("-----> " + line));
            System.out.println("Backup of " + taken.apps().size() + " apps written to " + target.toAbsolutePath()
                    + " (" + taken.bytes() + " bytes). It holds the key to every config value: keep it as safe as the box.");
            return 0;
        } catch (IOException e) {
            System.err.println("hiy: backup failed: " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("hiy: " + e.getMessage());
        }
        return 1;
    }
}
