package hiy.commands;

import hiy.sshd.PublicKeys;
import hiy.store.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

@Command(name = "keys:add", mixinStandardHelpOptions = true,
        description = "Register the public key on standard input for a user, created if new (admins).",
        footer = {"", "Example: ssh hiy@box keys:add bob < bob.pub",
                "Reads one OpenSSH public key line (ed25519, ecdsa, or RSA of at least 2048 bits) until end of input.",
                "Exit status: 0 added, 1 bad name, malformed, weak or already registered key, or not an admin."})
@AdminOnly("add keys")
final class KeysAddCommand extends HiyCommand {
    private final Users users;

    /** A public key line is under 1 KiB (RSA 4096: about 750 bytes); more is not a .pub file. */
    static final int MAX_INPUT = 16 * 1024;

    @Parameters(paramLabel = "NAME", description = "user name, e.g. bob")
    String name;

    @Option(names = "--admin", description = "the user may create apps and manage keys and access")
    boolean admin;

    private String fingerprint;

    KeysAddCommand(Users users) {
        this.users = users;
    }

    @Override
    protected int execute() throws Exception {
        String text = readKey(context.in());
        PublicKeys.Parsed key;
        try {
            key = StoredKeys.add(users, name, admin, text);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        fingerprint = key.fingerprint();
        boolean isAdmin = users.user(name).map(Users.User::admin).orElse(false);
        out().println("Added key " + key.type() + " " + key.fingerprint() + " for " + name + (isAdmin ? " (admin)." : "."));
        if (!isAdmin) out().println("Let them use an app: ssh " + hostHint() + " access:grant APP " + name);
        return OK;
    }

    private String readKey(InputStream in) throws IOException, UserError {
        byte[] bytes = in.readNBytes(MAX_INPUT + 1);
        if (bytes.length > MAX_INPUT) {
            throw new UserError("more than " + MAX_INPUT / 1024 + " KiB on standard input: give one public key, e.g. ssh "
                    + hostHint() + " keys:add " + name + " < " + name + ".pub");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override protected String auditAction() { return "keys:add " + name + (admin ? " --admin" : "") + (fingerprint == null ? "" : " " + fingerprint); }
}
