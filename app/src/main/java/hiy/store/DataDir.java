package hiy.store;

import hiy.config.StartupFailure;
import hiy.host.OwnerOnly;
import hiy.model.Instance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** The data dir and what lives in it. */
public record DataDir(Path root) {

    public Path database() { return root.resolve("hiy.db"); }
    public Path repos() { return root.resolve("repos"); }
    public Path buildLogs() { return root.resolve("logs/builds"); }
    /** Where HIY used to check commits out for builds; builds now stream from git, so anything here is a leftover. */
    public Path work() { return root.resolve("work"); }
    /** Where a pack build's folder is written for the build's length (pack reads only folders). */
    public Path packFolders() { return root.resolve("pack"); }
    public Path hostKey() { return root.resolve("ssh_host_ecdsa_key"); }
    public Path caddy() { return root.resolve("caddy"); }
    /** The files of static sites, which Caddy serves (see {@link Sites}). */
    public Sites sites() { return new Sites(root.resolve("sites")); }
    /** The age identity that opens config values; mode 0600. */
    public Path ageIdentity() { return root.resolve("age-identity.txt"); }

    /** The folders that are the owner's alone (0700, {@link OwnerOnly}). */
    public List<Path> privateDirs() {
        return List.of(root, repos(), buildLogs().getParent(), buildLogs(), caddy());
    }

    /**
     * The files that hold secrets and are the owner's alone (0600, {@link OwnerOnly}), those that exist: the database
     * and SQLite's files beside it, the age identity, the SSH host key and the build logs (a build may print what it
     * should not).
     */
    public List<Path> secretFiles() throws IOException {
        List<Path> files = new ArrayList<>(Database.files(database()));
        files.add(ageIdentity());
        files.add(hostKey());
        files.addAll(buildLogFiles());
        return files.stream().filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
    }

    private List<Path> buildLogFiles() throws IOException {
        if (!Files.isDirectory(buildLogs(), LinkOption.NOFOLLOW_LINKS)) return List.of();
        try (Stream<Path> logs = Files.list(buildLogs())) {
            return logs.toList();
        }
    }

    /** This HIY's id on a Podman that other HIYs may share (see {@link Instance}); mode 0600. */
    public Path instanceIdFile() { return root.resolve("instance-id"); }

    /** The instance id, generated once into the data dir, the same for every later start. */
    public Instance instance() throws StartupFailure {
        Path file = instanceIdFile();
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[4];
                new SecureRandom().nextBytes(random);
                try {
                    Files.write(Files.createFile(file, PosixFilePermissions.asFileAttribute(OwnerOnly.FILE)),
                            (HexFormat.of().formatHex(random) + "\n").getBytes(StandardCharsets.US_ASCII),
                            StandardOpenOption.TRUNCATE_EXISTING);
                } catch (FileAlreadyExistsException raced) {
                    // another start wrote it first: read that one
                }
            }
            return new Instance(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupFailure("cannot read this HIY's instance id from " + file + " (" + e.getMessage()
                    + "): it names HIY's containers; if the file was damaged, restore it from a backup (a new id"
                    + " would leave the running containers unknown to HIY)", e);
        }
    }

    /**
     * Creates the layout, or says why it cannot. The data dir and its folders are the owner's alone (0700) and
     * the secrets in it 0600, whatever the umask, and also when an older HIY left them wider: the database and
     * the age identity guard their own files ({@code Database}, {@code AgeSecrets}); this tightens the rest. Safe
     * while a server runs on the same data dir (the on-box `hiy keys add`); the server's start also calls
     * {@link #removeLeftovers()}.
     */
    public static DataDir prepare(Path root) throws StartupFailure {
        DataDir dir = new DataDir(root);
        try {
            for (Path p : dir.privateDirs()) {
                Files.createDirectories(p);
                Files.setPosixFilePermissions(p, OwnerOnly.DIR);
            }
            Path probe = Files.createTempFile(root, ".write-test", "");
            Files.delete(probe);
        } catch (IOException e) {
            throw new StartupFailure("data dir " + root + " is not writable (" + e.getMessage() + "): run sudo chown -R "
                    + System.getProperty("user.name") + " " + root + ", or set HIY_DATA_DIR to a directory you own", e);
        }
        dir.tightenSecrets();
        return dir;
    }

    /**
     * Removes what a previous HIY process that died left half-done: its work folder and partial pushes. Only at the
     * server's start, before the SSH door opens: no push or build of this data dir can be under way then.
     */
    public void removeLeftovers() throws StartupFailure {
        try {
            deleteTree(work());
            removePartialPushes(repos());
            sites().removeStaging();
        } catch (IOException e) {
            throw new StartupFailure("cannot remove what a previous HIY left half-done in " + root + " ("
                    + e.getMessage() + "): run sudo chown -R " + System.getProperty("user.name") + " " + root, e);
        }
    }

    /** The SSH host key and the build logs (a build may print what it should not), made owner-only if they exist. */
    private void tightenSecrets() throws StartupFailure {
        try {
            for (Path p : Stream.concat(Stream.of(hostKey()), buildLogFiles().stream()).toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) Files.setPosixFilePermissions(p, OwnerOnly.FILE);
            }
        } catch (IOException e) {
            throw new StartupFailure("cannot make the secrets in " + root + " readable by their owner only ("
                    + e.getMessage() + "): run sudo chown -R " + System.getProperty("user.name") + " " + root, e);
        }
    }

    /**
     * JGit receives a push into objects/incoming_*.pack (and .idx) and renames it once complete; a receive cut off by
     * the death of HIY leaves them, as large as the push was.
     */
    public static void removePartialPushes(Path repos) throws IOException {
        try (DirectoryStream<Path> all = Files.newDirectoryStream(repos, "*.git")) {
            for (Path repo : all) {
                Path objects = repo.resolve("objects");
                if (!Files.isDirectory(objects, LinkOption.NOFOLLOW_LINKS)) continue;
                try (DirectoryStream<Path> partial = Files.newDirectoryStream(objects, "incoming_*")) {
                    for (Path p : partial) Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Removes a directory and everything below it; nothing if it is absent. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
