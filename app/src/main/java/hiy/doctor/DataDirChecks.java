package hiy.doctor;

import hiy.host.OwnerOnly;
import hiy.store.DataDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The data dir as {@link DataDir} keeps it: every folder and secret file belongs to the data dir's owner, the folders
 * are 0700 and the secrets 0600 ({@link OwnerOnly}), the age identity and the SSH host key among them.
 */
final class DataDirChecks {
    private DataDirChecks() {}

    /** One entry as found on disk. */
    record Entry(Path path, boolean directory, boolean link, String owner, String mode) {}

    static void examine(DataDir data, Consumer<Finding> out) {
        Path root = data.root();
        if (!Files.isDirectory(root)) {
            out.accept(Finding.fail("data dir owner", root + " does not exist or is not a folder", "start HIY once"
                    + " (infra/hiy server) to create it, or set HIY_DATA_DIR to where HIY keeps its data"));
            return;
        }
        List<Entry> entries = new ArrayList<>();
        try {
            // The data dir itself may be a link to where the data lives (HIY_DATA_DIR=/var/lib/hiy -> /srv/hiy);
            // a link anywhere below it is not HIY's.
            entries.add(read(root));
            for (Path dir : data.privateDirs()) {
                if (!dir.equals(root) && Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                    entries.add(read(dir, LinkOption.NOFOLLOW_LINKS));
                }
            }
            for (Path file : data.secretFiles()) entries.add(read(file, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            out.accept(Finding.fail("data dir owner", "cannot read " + root + ": " + e.getMessage(),
                    "run doctor as the user HIY runs as, or as root"));
            return;
        }
        out.accept(owner(entries.get(0).owner(), entries));
        out.accept(modes(entries));
    }

    private static Entry read(Path p, LinkOption... options) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(p, PosixFileAttributes.class, options);
        return new Entry(p, attributes.isDirectory(), attributes.isSymbolicLink(), attributes.owner().getName(),
                PosixFilePermissions.toString(attributes.permissions()));
    }

    /** @param owner the data dir's own owner, whom everything in it must belong to */
    static Finding owner(String owner, List<Entry> entries) {
        List<Entry> others = entries.stream().filter(e -> !e.owner().equals(owner)).toList();
        Path root = entries.get(0).path();
        if (others.isEmpty()) {
            return Finding.ok("data dir owner", root + " and its " + (entries.size() - 1) + " private entries belong to "
                    + owner);
        }
        return Finding.fail("data dir owner", others.stream().map(e -> e.path() + " belongs to " + e.owner())
                .reduce((a, b) -> a + ", " + b).orElseThrow() + ", not to " + owner + " who owns " + root,
                "sudo chown -R " + owner + " " + root);
    }

    static Finding modes(List<Entry> entries) {
        List<String> wrong = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        for (Entry e : entries) {
            if (e.link()) {
                wrong.add(e.path() + " is a symbolic link");
                fixes.add("rm " + e.path() + " (then start HIY: it makes its folders again)");
            } else if (!OwnerOnly.holds(PosixFilePermissions.fromString(e.mode()))) {
                wrong.add(e.path().getFileName() + " is " + e.mode() + " (group or others may "
                        + (e.directory() ? "look inside" : "read it") + ")");
                fixes.add(OwnerOnly.fix(e.path(), e.directory()));
            }
        }
        if (wrong.isEmpty()) {
            return Finding.ok("data dir modes", "folders 0700, secrets 0600 (age identity, SSH host key, database,"
                    + " build logs)");
        }
        return Finding.fail("data dir modes", String.join(", ", wrong), String.join(" && ", fixes));
    }
}
