package hiy.backup;

import hiy.host.GitDirs;
import hiy.model.LineSink;
import hiy.store.DataDir;
import hiy.store.Database;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A consistent copy of a live data dir in a private directory, taken without stopping anything:
 * the database first (SQLite's VACUUM INTO reads one snapshot while writers go on), then each repository's refs
 * (JGit's view of them, at one moment), then its objects. Git objects are never changed once written and every
 * commit the database names was received before it was recorded, so the copy holds every commit its database and
 * its refs name. Object files are hard-linked when they can be (they are immutable), so taking it costs little disk.
 */
final class Snapshot {
    private final DataDir data;
    private final Database db;
    private final LineSink progress;

    Snapshot(DataDir data, Database db, LineSink progress) {
        this.data = data;
        this.db = db;
        this.progress = progress;
    }

    /** Fills {@code into} (empty, owner-only); returns the apps whose repositories it holds. */
    List<String> take(Path into, String settingsOfRecord) throws IOException {
        long t0 = System.nanoTime();
        db.snapshotInto(into.resolve(ArchivePaths.DATABASE));
        progress.line("database: " + Files.size(into.resolve(ArchivePaths.DATABASE)) / 1024 + " KiB in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
        for (Path secret : List.of(data.ageIdentity(), data.hostKey(), data.instanceIdFile())) {
            if (Files.isRegularFile(secret, LinkOption.NOFOLLOW_LINKS)) {
                Files.copy(secret, into.resolve(secret.getFileName().toString()), LinkOption.NOFOLLOW_LINKS);
            }
        }
        Files.writeString(into.resolve(ArchivePaths.SETTINGS), settingsOfRecord, StandardCharsets.UTF_8);
        List<String> apps = new ArrayList<>();
        for (Path repo : repositories()) {
            String app = repo.getFileName().toString().replaceFirst("\\.git$", "");
            copyRepository(repo, into.resolve("repos").resolve(repo.getFileName().toString()));
            apps.add(app);
        }
        progress.line("repositories: " + apps.size());
        copyLogs(into.resolve("logs/builds"));
        return apps;
    }

    private List<Path> repositories() throws IOException {
        List<Path> repos = new ArrayList<>();
        if (!Files.isDirectory(data.repos())) return repos;
        try (DirectoryStream<Path> all = Files.newDirectoryStream(data.repos(), "*.git")) {
            for (Path p : all) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && ArchivePaths.allowed(
                        "repos/" + p.getFileName() + "/HEAD")) {
                    repos.add(p);
                }
            }
        }
        repos.sort(null);
        return repos;
    }

    /** Refs first, as one packed-refs file of what JGit sees now; then the objects, all of which they name. */
    private static void copyRepository(Path repo, Path to) throws IOException {
        Files.createDirectories(to.resolve("objects/pack"));
        TreeMap<String, String> refs = new TreeMap<>();
        String head;
        try (Repository r = GitDirs.open(repo)) {
            for (Ref ref : r.getRefDatabase().getRefsByPrefix("refs/")) {
                if (!ref.isSymbolic() && ref.getObjectId() != null) refs.put(ref.getName(), ref.getObjectId().name());
            }
            Ref h = r.exactRef("HEAD");
            head = h != null && h.isSymbolic() ? "ref: " + h.getTarget().getName() + "\n" : "ref: refs/heads/main\n";
        }
        StringBuilder packed = new StringBuilder("# pack-refs with: peeled fully-peeled sorted \n");
        refs.forEach((name, sha) -> packed.append(sha).append(' ').append(name).append('\n'));
        Files.writeString(to.resolve("packed-refs"), packed, StandardCharsets.UTF_8);
        Files.writeString(to.resolve("HEAD"), head, StandardCharsets.UTF_8);
        Files.copy(repo.resolve("config"), to.resolve("config"), LinkOption.NOFOLLOW_LINKS);
        try (Stream<Path> objects = Files.walk(repo.resolve("objects"))) {
            for (Path f : objects.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                String rel = "repos/" + repo.getFileName() + "/" + repo.relativize(f);
                if (!ArchivePaths.allowed(rel)) continue;
                Path target = to.resolve(repo.relativize(f).toString());
                Files.createDirectories(target.getParent());
                linkOrCopy(f, target);
            }
        }
    }

    private static void linkOrCopy(Path from, Path to) throws IOException {
        try {
            Files.createLink(to, from);
        } catch (NoSuchFileException gone) {
            // HIY never repacks, so only an app destroyed meanwhile loses files; its database row went first
        } catch (IOException | UnsupportedOperationException e) {
            try {
                // another file system, or one without hard links
                Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException gone) {
                // as above
            }
        }
    }

    private void copyLogs(Path to) throws IOException {
        if (!Files.isDirectory(data.buildLogs())) return;
        Files.createDirectories(to);
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(data.buildLogs(), "*.log")) {
            for (Path log : logs) {
                if (!ArchivePaths.allowed("logs/builds/" + log.getFileName())) continue;
                if (!Files.isRegularFile(log, LinkOption.NOFOLLOW_LINKS)) continue;
                try {
                    Files.copy(log, to.resolve(log.getFileName().toString()), LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    // an app destroyed meanwhile
                }
            }
        }
    }
}
