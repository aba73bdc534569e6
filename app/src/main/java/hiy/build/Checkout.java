package hiy.build;

import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes the tree of one commit into a fresh directory with JGit alone (no git binary, no index). */
public final class Checkout {
    private Checkout() { }

    /** Returns the number of files written. */
    public static int write(Repository repo, String sha, Path dir) throws IOException {
        Files.createDirectories(dir);
        int files = 0;
        try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader();
             TreeWalk tree = new TreeWalk(reader)) {
            RevCommit commit = walk.parseCommit(ObjectId.fromString(sha));
            tree.addTree(commit.getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                Path target = dir.resolve(tree.getPathString()).normalize();
                if (!target.startsWith(dir)) throw new IOException("refusing path outside the checkout: " + tree.getPathString());
                Files.createDirectories(target.getParent());
                FileMode mode = tree.getFileMode(0);
                ObjectId id = tree.getObjectId(0);
                if (mode == FileMode.SYMLINK) {
                    String link = new String(reader.open(id).getBytes(), StandardCharsets.UTF_8);
                    Files.createSymbolicLink(target, Path.of(link));
                } else if (mode == FileMode.GITLINK) {
                    Files.createDirectories(target);
                    continue;
                } else {
                    try (OutputStream out = Files.newOutputStream(target)) {
                        reader.open(id).copyTo(out);
                    }
                    if (mode == FileMode.EXECUTABLE_FILE) {
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
                files++;
            }
        }
        return files;
    }
}
