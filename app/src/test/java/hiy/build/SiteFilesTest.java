package hiy.build;

import hiy.model.BuiltSite;
import hiy.store.Sites;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A static site's files as written for Caddy: regular files and folders of the site's root only. */
class SiteFilesTest {
    @TempDir
    Path dir;
    TestRepo repo;
    Sites sites;
    final List<String> lines = new ArrayList<>();

    @BeforeEach
    void newRepo() throws Exception {
        repo = TestRepo.create(dir.resolve("repo"));
        sites = new Sites(dir.resolve("sites"));
    }

    @AfterEach
    void closeRepo() {
        repo.close();
    }

    private BuiltSite write(SourceTree tree, String root) throws Exception {
        return SiteFiles.write(tree, root, sites, lines::add);
    }

    @Test
    void onlyTheRootsRegularFilesAreWrittenWithPlainModes() throws Exception {
        SourceTree tree = repo.commit(Map.of("public/index.html", "<h1>hi</h1>", "public/a/b/c.css", "c{}",
                "Procfile", "web: x", "public/.env", "SECRET=1"), Map.of("public/passwd", "/etc/passwd",
                "public/up", "../Procfile"), Long.MAX_VALUE);
        BuiltSite site = write(tree, "public/");
        try (Stream<Path> all = Files.walk(site.staged())) {
            assertEquals(Set.of("", "index.html", "a", "a/b", "a/b/c.css"), Set.copyOf(all
                    .map(p -> site.staged().relativize(p).toString()).toList()));
        }
        assertEquals(2, site.files());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(site.staged().resolve("a/b/c.css"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(site.staged().resolve("a/b"))));
        assertTrue(lines.contains(" !     Not served: public/passwd (symbolic link), public/up (symbolic link). A static"
                + " site is served from its files only; commit the files themselves in place of links and submodules"), lines.toString());
        assertTrue(lines.contains("       Not served (names starting with a dot, except .well-known/): public/.env"), lines.toString());
    }

    @Test
    void dotNamesAreHiddenButWellKnownAtTheTop() {
        assertTrue(SiteFiles.hiddenName(".env"));
        assertTrue(SiteFiles.hiddenName(".git/config"));
        assertTrue(SiteFiles.hiddenName("a/.htpasswd"));
        assertTrue(SiteFiles.hiddenName("a/.well-known/x"));
        assertTrue(SiteFiles.hiddenName(".well-known"), "a file of that name is no folder of the web's");
        assertFalse(SiteFiles.hiddenName(".well-known/security.txt"));
        assertFalse(SiteFiles.hiddenName("a/b.c"));
    }

    @Test
    void theSameFilesMakeTheSameFolderAndAnotherFileAnother() throws Exception {
        BuiltSite one = write(repo.commit(Map.of("index.html", "1", "README.md", "x")), "");
        BuiltSite same = write(repo.commit(Map.of("index.html", "1", "README.md", "x", ".gitignore", "y")), "");
        BuiltSite other = write(repo.commit(Map.of("index.html", "2", "README.md", "x")), "");
        assertEquals(one.id(), same.id(), "a left-out dotfile changes nothing served");
        assertNotEquals(one.id(), other.id());
        sites.adopt("blog", one.staged(), one.id());
        sites.adopt("blog", same.staged(), same.id());
        assertTrue(sites.has("blog", one.id()));
        assertFalse(Files.exists(same.staged()), "the second copy of the same site is dropped");
        sites.adopt("blog", other.staged(), other.id());
        sites.keepOnly("blog", Set.of(other.id()));
        assertFalse(sites.has("blog", one.id()));
        assertTrue(sites.has("blog", other.id()));
    }
}
