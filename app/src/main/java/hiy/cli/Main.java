package hiy.cli;

import hiy.model.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** hiy: run the server, manage keys directly in the data dir, or check the box. */
@Command(name = "hiy", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "HIY — HostItYourself: git push to deploy, on your own box.",
        subcommands = {CliServerCommand.class, CliKeysCommand.class, CliDoctorCommand.class, CliBackupCommand.class,
                CliRestoreCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Arguments are literal: no {@code @FILE} expansion, which would read files as whoever runs hiy (root). */
    public static int run(String... args) {
        return new CommandLine(new Main()).setExpandAtFiles(false).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"HIY " + Version.VERSION};
        }
    }
}
