package hiy.repos;

import hiy.host.GitDirs;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An app's own maintenance page: {@value #FILE} at the top of the commit its live release was built from, read from
 * HIY's copy of the repository (never from a container), a plain file of at most {@value #MAX_BYTES} bytes of UTF-8.
 */
public final class MaintenancePage {
    public static final String FILE = "maintenance.html";
    /** Caddy gets the page in its config, sent again at every route change: a page, not a site. */
    public static final int MAX_BYTES = 64 * 1024;

    /** html: the page, or empty for HIY's own; why: when the commit has a page HIY does not take, the reason. */
    public record Found(Optional<String> html, Optional<String> why) {
        public static Found none() {
            return new Found(Optional.empty(), Optional.empty());
        }

        static Found refused(String why) {
            return new Found(Optional.empty(), Optional.of(why + "; HIY's own page is shown"));
        }
    }

    private MaintenancePage() { }

    public static Found read(Path gitDir, String sha) throws IOException {
        try (Repository repo = GitDirs.open(gitDir);
             ObjectReader reader = repo.newObjectReader();
             RevWalk walk = new RevWalk(reader)) {
            TreeWalk tree = TreeWalk.forPath(reader, FILE, walk.parseCommit(ObjectId.fromString(sha)).getTree());
            if (tree == null) return Found.none();
            try (tree) {
                FileMode mode = tree.getFileMode(0);
                if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                    return Found.refused(FILE + " is not a plain file (a link or a folder): commit the page itself");
                }
                long size = reader.getObjectSize(tree.getObjectId(0), Constants.OBJ_BLOB);
                if (size > MAX_BYTES) {
                    return Found.refused(FILE + " is " + size / 1024 + " KiB, more than " + MAX_BYTES / 1024
                            + " KiB: keep images and styles small or inline, or link them from another site");
                }
                byte[] bytes = reader.open(tree.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes(MAX_BYTES);
                try {
                    return new Found(Optional.of(StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes)).toString()), Optional.empty());
                } catch (CharacterCodingException e) {
                    return Found.refused(FILE + " is not UTF-8 text: save it as UTF-8 and push again");
                }
            }
        }
    }
}
