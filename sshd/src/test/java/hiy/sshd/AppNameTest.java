package hiy.sshd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppNameTest {
    @ParameterizedTest
    @ValueSource(strings = {"blog", "a", "my-api2", "abcdefghijklmnopqrstuvwxyz0123"})
    void acceptsDnsLabels(String name) {
        assertEquals(name, AppName.validate(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "A", "a/b", "x.y", "", "1abc", "-abc", "abc-", "a_b", "abcdefghijklmnopqrstuvwxyz01234", "blog\n"})
    void refusesEverythingElseWithTheRule(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AppName.validate(name));
        assertTrue(e.getMessage().contains("lowercase letter"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/blog", "blog.git", "/blog.git", "blog"})
    void repoPathsNameTheApp(String path) {
        assertEquals("blog", AppName.fromRepoPath(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../blog", "//blog", "/a/blog.git", "~/blog"})
    void repoPathsOutsideTheAppsAreRefused(String path) {
        assertThrows(IllegalArgumentException.class, () -> AppName.fromRepoPath(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hiy", "www", "api", "admin", "caddy", "localhost"})
    void reservedNamesAreRefusedForNewAppsOnly(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AppName.validateNew(name));
        assertTrue(e.getMessage().contains("is reserved") && e.getMessage().contains("choose another"), e.getMessage());
        assertEquals(name, AppName.validate(name), "an app that has the name already keeps working");
    }

    @Test
    void otherNamesAreFreeForNewApps() {
        assertEquals("my-api", AppName.validateNew("my-api"));
        assertThrows(IllegalArgumentException.class, () -> AppName.validateNew("Bad"));
    }
}
