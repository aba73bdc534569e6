package hiy.runtime;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Moves a volume's files from one app's range of host ids to another's (apps:rename, rootful): the containers of an
 * app with volumes run with ids picked from its name (see {@link Isolation#sharedIds}), so the files an app's root or
 * user 1000 owned must be owned by the new name's root or 1000, or the app could no longer write them. Ids outside
 * the old range are left as they are; links are changed themselves, never followed; modes (setuid, setgid) are kept.
 */
final class VolumeOwners {
    private VolumeOwners() { }

    static void shift(Path root, long fromFirst, long toFirst, long count) throws RuntimeFailure {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    move(dir, fromFirst, toFirst, count);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    move(file, fromFirst, toFirst, count);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new RuntimeFailure("could not give the files in " + root + " the owners of the app's new name: "
                    + e.getMessage() + "; HIY must run as root to rename an app with volumes when rootful", e);
        }
    }

    private static void move(Path p, long fromFirst, long toFirst, long count) throws IOException {
        long uid = Integer.toUnsignedLong((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        long gid = Integer.toUnsignedLong((Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS));
        boolean uidMoves = uid >= fromFirst && uid < fromFirst + count;
        boolean gidMoves = gid >= fromFirst && gid < fromFirst + count;
        if (!uidMoves && !gidMoves) return;
        boolean link = Files.isSymbolicLink(p);
        Integer mode = link ? null : (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if (uidMoves) Files.setAttribute(p, "unix:uid", (int) (uid - fromFirst + toFirst), LinkOption.NOFOLLOW_LINKS);
        if (gidMoves) Files.setAttribute(p, "unix:gid", (int) (gid - fromFirst + toFirst), LinkOption.NOFOLLOW_LINKS);
        if (mode != null) Files.setAttribute(p, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    }
}
