package hiy.build;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A pushed commit as the build sees it: read from git, never from the host's files. */
class SourceTreeTest {
    @TempDir
    Path dir;
    @TempDir
    Path host;
    TestRepo repo;

    @BeforeEach
    void newRepo() throws Exception {
        repo = TestRepo.create(dir.resolve("repo"));
    }

    @AfterEach
    void closeRepo() {
        repo.close();
    }

    @Test
    void aLinkNamedProcfileOrAppJsonIsRefusedAndItsTargetNeverRead() throws Exception {
        Path secret = Files.writeString(host.resolve("shadow"), "root:$6$secret:19000:0:99999:7:::\n");
        SourceTree tree = repo.commit(Map.of("Dockerfile", "FROM x\n"),
                Map.of("Procfile", secret.toString(), "app.json", secret.toString()), Long.MAX_VALUE);
        for (String name : new String[] {"Procfile", "app.json"}) {
            String message = assertThrows(BuildException.class, () -> tree.text(name)).getMessage();
            assertEquals(name + " is a symbolic link (to " + secret + "): HIY reads " + name
                    + " only as a file in the repository; commit the file itself in place of the link", message);
        }
        assertEquals(Optional.empty(), tree.text("README"));
        assertEquals(Optional.of("FROM x\n"), tree.text("Dockerfile"));
    }

    @Test
    void aCommitWrittenToAFolderKeepsRelativeLinksAndModesAndRefusesAbsoluteLinks() throws Exception {
        SourceTree tree = repo.commit(Map.of("index.html", "hi\n", "sub/deep/a.txt", "a\n"),
                Map.of("sub/up", "../index.html"), Long.MAX_VALUE);
        Path out = dir.resolve("out");
        tree.writeTo(out);
        assertEquals("hi\n", Files.readString(out.resolve("sub/up")));
        assertEquals(Path.of("../index.html"), Files.readSymbolicLink(out.resolve("sub/up")));
        assertEquals("a\n", Files.readString(out.resolve("sub/deep/a.txt")));

        Path secret = Files.writeString(host.resolve("shadow"), "secret\n");
        SourceTree absolute = repo.commit(Map.of(), Map.of("key", secret.toString()), Long.MAX_VALUE);
        Path out2 = dir.resolve("out2");
        String message = assertThrows(BuildException.class, () -> absolute.writeTo(out2)).getMessage();
        assertTrue(message.startsWith("the symbolic link key -> " + secret + " is absolute"), message);
        assertFalse(Files.exists(out2.resolve("index.html")), "nothing is written when one link is refused");
    }

    @Test
    void aBinaryProcfileIsNotText() throws Exception {
        Files.createDirectories(dir.resolve("repo"));
        Files.write(dir.resolve("repo/Procfile"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 'w', 'e', 'b'});
        SourceTree tree = repo.commit(Map.of());
        assertEquals("Procfile is not UTF-8 text: save it as plain text (UTF-8) and push again",
                assertThrows(BuildException.class, () -> tree.text("Procfile")).getMessage());
    }

    @Test
    void aContextOverTheLimitIsRefusedWithTheSizeFound() throws Exception {
        Map<String, String> files = new HashMap<>();
        files.put("Dockerfile", "FROM x\n");
        files.put("big.bin", "x".repeat(3 * 1024 * 1024));
        String message = assertThrows(BuildException.class,
                () -> repo.commit(files, Map.of(), 2 * 1024 * 1024)).getMessage();
        assertTrue(message.startsWith("the commit's files come to 3.0 MB, more than the build context limit of 2 MB"
                + " (HIY_MAX_CONTEXT_MB)"), message);
    }

    @Test
    void relativeLinksThatClimbOutAreRefusedAndOthersStayLinksInTheTar() throws Exception {
        String message = assertThrows(BuildException.class, () -> repo.commit(Map.of("a/f", "x"),
                Map.of("a/out", "../../etc"), Long.MAX_VALUE)).getMessage();
        assertEquals("the symbolic link a/out -> ../../etc points outside the repository: HIY builds only what is"
                + " inside it; commit the files themselves in place of the link", message);

        Files.delete(dir.resolve("repo/a/out"));
        SourceTree tree = repo.commit(Map.of("a/f", "x"), Map.of("a/in", "../a/f", "hd", host.toString()), Long.MAX_VALUE);
        Map<String, TarArchiveEntry> tar = new HashMap<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        tree.writeTar(bytes);
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) tar.put(e.getName(), e);
        }
        assertTrue(tar.get("hd").isSymbolicLink(), "an absolute link is a link, not the host's directory");
        assertEquals(host.toString(), tar.get("hd").getLinkName());
        assertTrue(tar.get("a/in").isSymbolicLink());
        assertEquals(1, tar.get("a/f").getSize());
        assertFalse(tar.keySet().stream().anyMatch(name -> name.startsWith("hd/")), tar.keySet().toString());
    }

    /** Trees a normal git never writes, pushed by hand: a file "below" a link would be unpacked through it. */
    @Test
    void craftedTreesWithAFileBelowALinkOrATwiceNamedPathAreRefused() throws Exception {
        try (Repository bare = new FileRepositoryBuilder().setGitDir(dir.resolve("crafted.git").toFile()).build()) {
            bare.create(true);
            String belowLink = commit(bare, tree -> {
                tree.append("etc", FileMode.SYMLINK, blob(bare, "/etc"));
                tree.append("etc/cron.d", FileMode.REGULAR_FILE, blob(bare, "* * * * * root id\n"));
            });
            assertTrue(assertThrows(BuildException.class, () -> SourceTree.read(bare, belowLink, Long.MAX_VALUE))
                    .getMessage().contains("\"etc/cron.d\" lies below a file or symbolic link"));

            String twice = commit(bare, tree -> {
                tree.append("Procfile", FileMode.REGULAR_FILE, blob(bare, "web: ok\n"));
                tree.append("Procfile", FileMode.SYMLINK, blob(bare, "/etc/shadow"));
            });
            assertTrue(assertThrows(BuildException.class, () -> SourceTree.read(bare, twice, Long.MAX_VALUE))
                    .getMessage().contains("\"Procfile\" appears twice"));

            String dots = commit(bare, tree -> tree.append("..", FileMode.REGULAR_FILE, blob(bare, "x")));
            assertTrue(assertThrows(BuildException.class, () -> SourceTree.read(bare, dots, Long.MAX_VALUE))
                    .getMessage().contains("is not a plain path"));
        }
    }

    private interface Entries {
        void add(TreeFormatter tree) throws Exception;
    }

    private static ObjectId blob(Repository repo, String content) throws Exception {
        try (ObjectInserter ins = repo.newObjectInserter()) {
            ObjectId id = ins.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
            ins.flush();
            return id;
        }
    }

    private static String commit(Repository repo, Entries entries) throws Exception {
        TreeFormatter tree = new TreeFormatter();
        entries.add(tree);
        try (ObjectInserter ins = repo.newObjectInserter()) {
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(ins.insert(tree));
            PersonIdent who = new PersonIdent("Mallory", "m@example.com");
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage("crafted");
            ObjectId id = ins.insert(commit);
            ins.flush();
            return id.name();
        }
    }
}
