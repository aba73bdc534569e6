package hiy.build;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A git repository in a temp dir whose commits are read back as a {@link SourceTree}, as a build reads a push. */
public final class TestRepo implements AutoCloseable {
    private final Git git;
    private final Path dir;
    private SourceTree last;

    private TestRepo(Git git, Path dir) {
        this.git = git;
        this.dir = dir;
    }

    public static TestRepo create(Path dir) throws Exception {
        return new TestRepo(Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call(), dir);
    }

    /** Commits the files (path → content) and the symbolic links (path → target); returns the commit's tree. */
    public SourceTree commit(Map<String, String> files, Map<String, String> links, long maxContextBytes)
            throws Exception {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        for (Map.Entry<String, String> l : links.entrySet()) {
            Path p = dir.resolve(l.getKey());
            Files.createDirectories(p.getParent());
            Files.createSymbolicLink(p, Path.of(l.getValue()));
        }
        git.add().addFilepattern(".").call();
        RevCommit commit = git.commit().setMessage("test").setAuthor("Test", "test@example.com")
                .setCommitter("Test", "test@example.com").setAllowEmpty(true).call();
        if (last != null) last.close();
        last = SourceTree.read(git.getRepository(), commit.name(), maxContextBytes);
        return last;
    }

    public SourceTree commit(Map<String, String> files) throws Exception {
        return commit(files, Map.of(), Long.MAX_VALUE);
    }

    @Override
    public void close() {
        if (last != null) last.close();
        git.close();
    }
}
