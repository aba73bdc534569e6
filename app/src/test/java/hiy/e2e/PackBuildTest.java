package hiy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pack path, with a stand-in pack on HIY's PATH (the real one and its builder images cannot be had here): it
 * records its arguments and environment and builds an image of the folder it is given through the Podman socket
 * it is told, as pack would. Over real git, SSH, Podman and Caddy.
 */
@Tag("e2e")
class PackBuildTest {
    static Path bin;
    static Path record;
    static TestBox box;

    private static final String STAND_IN = """
            #!/bin/sh
            set -e
            rec=RECORD
            printf '%s\\n' "$@" > "$rec/args"
            env > "$rec/env"
            tag="$2"; shift 2
            while [ $# -gt 0 ]; do
              case "$1" in --path) path="$2"; shift 2;; --docker-host) host="$2"; shift 2;; *) shift;; esac
            done
            ls -la "$path" > "$rec/listing"
            echo "===> DETECTING (stand-in pack)"
            df="$rec/Dockerfile"
            printf 'FROM localhost/busybox:latest\\nCOPY . /www/\\nCMD exec httpd -f -p "$PORT" -h /www\\n' > "$df"
            podman --url "$host" build -q -t "$tag" -f "$df" "$path"
            echo "===> EXPORTING"
            """;

    @BeforeAll
    static void startHiy() throws Exception {
        bin = Files.createTempDirectory("hiy-pack-bin-");
        record = Files.createDirectories(bin.resolve("record"));
        Path pack = bin.resolve("pack");
        Files.writeString(pack, STAND_IN.replace("RECORD", record.toString()));
        Files.setPosixFilePermissions(pack, PosixFilePermissions.fromString("rwxr-xr-x"));
        // HIY may run as another user (HIY_E2E_USER): it must find and run the stand-in, which writes its record.
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(record, PosixFilePermissions.fromString("rwxrwxrwx"));
        box = TestBox.startAsProcess(Map.of("PATH", bin + ":" + System.getenv("PATH"),
                "HIY_PACK_BUILDER", "localhost/stand-in-builder:1", "HIY_BOOT_TIMEOUT", "30"));
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
        TestBox.run(Path.of("/"), List.of("rm", "-rf", bin.toString()), Map.of());
    }

    @Test
    void aProjectTomlIsBuiltWithPackOnHiysOwnPodmanAndTheFolderIsRemoved() throws Exception {
        String app = box.appName("pack");
        Path src = box.project(app, Map.of("project.toml", "[_]\nschema-version = \"0.2\"\n",
                "index.html", "built by pack\n", "bin/run", "#!/bin/sh\n"));
        Files.createSymbolicLink(src.resolve("home"), Path.of("index.html"));
        box.commit(src, Map.of(), "a relative link");
        String out = box.git(src, "push", box.remote(app), "main").assertOk().err();
        assertTrue(out.contains("remote: -----> Building with pack (project.toml found and pack installed; no Dockerfile)"), out);
        assertTrue(out.contains("remote:        ===> DETECTING (stand-in pack)"), "pack's output is the build's: " + out);
        assertEquals("built by pack\n", box.get(app, "/").body());
        assertEquals("built by pack\n", box.get(app, "/home").body(), "a relative link stays a link");

        List<String> args = Files.readAllLines(record.resolve("args"));
        String tag = "hiy/" + app + ":v1-" + box.instance();
        assertEquals(List.of("build", tag, "--builder", "localhost/stand-in-builder:1", "--path"), args.subList(0, 5));
        Path folder = Path.of(args.get(5));
        assertTrue(folder.startsWith(box.dataDir.resolve("pack")), folder.toString());
        assertFalse(Files.exists(folder), "the folder pack built from is removed: " + folder);
        String socket = args.get(args.indexOf("--docker-host") + 1);
        assertTrue(socket.startsWith("unix:///") && socket.endsWith(".sock"), socket);
        String env = Files.readString(record.resolve("env"));
        assertTrue(env.contains("DOCKER_HOST=" + socket), env);
        assertFalse(env.contains("HIY_"), "HIY's settings are not handed to pack: " + env);
        assertTrue(Files.readString(record.resolve("listing")).contains("home -> index.html"));
    }

    @Test
    void anAbsoluteLinkIsRefusedAsPackReadsTheFolderOnTheHost() throws Exception {
        String app = box.appName("packln");
        Path src = box.project(app, Map.of("project.toml", "", "index.html", "x\n"));
        Files.createSymbolicLink(src.resolve("shadow"), Path.of("/etc/shadow"));
        box.commit(src, Map.of(), "an absolute link");
        box.git(src, "push", box.remote(app), "main").assertDeployRejected("the symbolic link shadow -> /etc/shadow is absolute");
        assertEquals("", box.remoteSha(app, "main"));
    }
}
