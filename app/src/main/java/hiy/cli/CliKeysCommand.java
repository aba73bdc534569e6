package hiy.cli;

import hiy.commands.StoredKeys;
import hiy.config.Settings;
import hiy.config.StartupFailure;
import hiy.sshd.PublicKeys;
import hiy.store.DataDir;
import hiy.store.Database;
import hiy.store.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "keys", description = "Manage SSH keys in the data dir, whether or not the server runs.",
        subcommands = CliKeysCommand.Add.class)
final class CliKeysCommand {

    @Command(name = "add", description = "Register a public key for a user (created if new).")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "user name, e.g. alice")
        String name;

        @Parameters(index = "1", paramLabel = "FILE.pub", description = "OpenSSH public key file, e.g. ~/.ssh/id_ed25519.pub; - reads it from standard input")
        Path file;

        @Option(names = "--admin", description = "the user may create apps and manage keys")
        boolean admin;

        @Override
        public Integer call() {
            try {
                // "-": infra/hiy, run by root for HIY's own user, hands over a key file that user may not read.
                String text = file.toString().equals("-")
                        ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(file);
                DataDir data = DataDir.prepare(Settings.fromEnvironment().dataDir());
                Users users = new Users(Database.open(data.database()));
                PublicKeys.Parsed key = StoredKeys.add(users, name, admin, text);
                boolean isAdmin = users.user(name).map(Users.User::admin).orElse(false);
                System.out.println("Added key " + name + " (" + keyLabel(key.type()) + " " + key.fingerprint() + ")"
                        + (isAdmin ? " as admin." : "."));
                return 0;
            } catch (IOException e) {
                System.err.println("hiy: cannot read " + file + ": " + e.getMessage() + " (give the path of a .pub file)");
            } catch (IllegalArgumentException | StartupFailure e) {
                System.err.println("hiy: " + e.getMessage());
            }
            return 1;
        }

        private static String keyLabel(String type) {
            if (type.startsWith("ssh-ed25519")) return "ED25519";
            if (type.startsWith("ecdsa")) return "ECDSA";
            if (type.startsWith("ssh-rsa")) return "RSA";
            return type;
        }
    }
}
