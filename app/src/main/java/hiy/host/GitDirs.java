package hiy.host;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Path;

/** HIY's bare repositories on disk (repos/APP.git), opened one way. */
public final class GitDirs {
    private GitDirs() { }

    /** Opens the bare repository at gitDir; RepositoryNotFoundException (an IOException) when there is none. */
    public static Repository open(Path gitDir) throws IOException {
        return new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
    }
}
