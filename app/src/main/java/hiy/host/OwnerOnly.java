package hiy.host;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one rule for HIY's private files and folders: nothing for group or others. HIY creates them exactly 0600 and
 * 0700; a file with fewer bits for its owner (0400) is as private. The fix is always the same chmod.
 */
public final class OwnerOnly {
    public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnly() {}

    public static boolean holds(Set<PosixFilePermission> permissions) {
        return permissions.stream().noneMatch(GROUP_OR_OTHERS::contains);
    }

    /** The command that makes it private again. */
    public static String fix(Path path, boolean directory) {
        return "chmod " + (directory ? "700 " : "600 ") + path;
    }
}
