package hiy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Python app and a Go app with no Dockerfile, pushed over real git and SSH to a real HIY and built on Podman from
 * the base images HIY names by default (made here from Debian's python3 and Go: no registry, no PyPI, no Go proxy
 * on these machines, so the apps have no third-party dependencies).
 */
@Tag("e2e")
class LanguageBuildersTest {
    static final String PYTHON_IMAGE = "docker.io/library/python:3.12-slim-bookworm";
    static final String GO_IMAGE = "docker.io/library/golang:1.22-bookworm";
    static final String GO_RUNTIME_IMAGE = "docker.io/library/debian:bookworm-slim";
    static TestBox box;
    static LocalImage python;
    static LocalImage go;
    static LocalImage goRuntime;

    private static final String PY_SERVER = """
            import http.server, os
            class Page(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    body = ("GREETING from python " + os.environ.get("WHO", "")).encode()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
            http.server.HTTPServer(("0.0.0.0", int(os.environ["PORT"])), Page).serve_forever()
            """;

    private static final String GO_SERVER = """
            package main

            import (
            	"net/http"
            	"os"
            )

            func main() {
            	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("GREETING from go")) })
            	http.ListenAndServe(":"+os.Getenv("PORT"), nil)
            }
            """;

    @BeforeAll
    static void startHiy() throws Exception {
        box = TestBox.start(Map.of("HIY_BOOT_TIMEOUT", "30", "HIY_STOP_GRACE", "5"));
    }

    /** The base images are made when a test first builds on them (the Go toolchain's is large). */
    private static synchronized void pythonImage() throws Exception {
        if (python == null) {
            python = LocalImage.ensure(box, PYTHON_IMAGE, LocalImage.PYTHON,
                    List.of("PATH=/usr/local/bin:/usr/bin:/bin", "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"));
        }
    }

    private static synchronized void goImages() throws Exception {
        if (go == null) {
            go = LocalImage.ensure(box, GO_IMAGE, LocalImage.GO,
                    List.of("PATH=/usr/local/bin:/usr/bin:/bin", "GOCACHE=/tmp/go-cache", "GOPATH=/tmp/go",
                            "GOPROXY=off", "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"));
        }
        if (goRuntime == null) {
            goRuntime = LocalImage.ensure(box, GO_RUNTIME_IMAGE, LocalImage.PLAIN, List.of("PATH=/usr/local/bin:/usr/bin:/bin"));
        }
    }

    @AfterAll
    static void stopHiy() throws Exception {
        if (box != null) box.close();
        for (LocalImage image : new LocalImage[] {python, go, goRuntime}) {
            if (image != null) image.close();
        }
    }

    private static TestBox.Result push(Path src, String app) throws Exception {
        return box.git(src, "push", box.remote(app), "main");
    }

    /** In both modes: rootless and rootful builds take different Podman build paths, and each must reuse layers. */
    @Test
    @Tag("both-modes")
    void aPythonAppIsBuiltFromItsRequirementsAndACodeChangeReusesTheDependencyLayer() throws Exception {
        pythonImage();
        String app = box.appName("py");
        Path src = box.project(app, Map.of(
                "requirements.txt", "# no third-party packages\n",
                ".python-version", "3.11\n",
                "app.py", PY_SERVER.replace("GREETING", "v1"),
                "Procfile", "web: python3 app.py\n"));
        String first = push(src, app).assertOk().err();
        assertTrue(first.contains("remote: -----> Building with python (requirements.txt found; no Dockerfile)"), first);
        assertTrue(first.contains("! .python-version asks for python 3.11; building with " + PYTHON_IMAGE), first);
        assertTrue(first.contains("RUN pip install -r requirements.txt"), first);
        box.ssh("config:set " + app + " WHO=config").assertOk();
        assertEquals("v1 from python config", box.get(app, "/").body());

        box.commit(src, Map.of("app.py", PY_SERVER.replace("GREETING", "v2")), "code only");
        String second = push(src, app).assertOk().err();
        String afterInstall = second.substring(second.indexOf("RUN pip install -r requirements.txt"));
        assertTrue(afterInstall.lines().skip(1).findFirst().orElse("").contains("Using cache"),
                "the dependency layer is reused: " + second);
        assertEquals("v2 from python config", box.get(app, "/").body());

        String written = box.ssh("builder:dockerfile " + app).assertOk().out();
        assertTrue(written.startsWith("# HIY builds this commit with python (requirements.txt found; no Dockerfile)\n")
                && written.contains("FROM " + PYTHON_IMAGE + "\n"), written);
    }

    @Test
    void aPythonAppWithoutAProcfileIsRefusedAndNothingGoesLive() throws Exception {
        String app = box.appName("pynoproc");
        Path src = box.project(app, Map.of("requirements.txt", "", "app.py", "print('hi')\n"));
        push(src, app).assertDeployRejected("nothing starts this Python app: add a Procfile");
        assertEquals(503, box.get(app, "/").statusCode(), "nothing went live");
    }

    /** In both modes: rootless and rootful builds take different Podman build paths, and each must reuse layers. */
    @Test
    @Tag("both-modes")
    void aGoAppIsCompiledInOneStageAndRunsAloneOnTheRuntimeImage() throws Exception {
        goImages();
        String app = box.appName("go");
        Path src = box.project(app, Map.of(
                "go.mod", "module example.com/hello\n\ngo 1.19\n",
                "main.go", GO_SERVER.replace("GREETING", "v1")));
        String first = push(src, app).assertOk().err();
        assertTrue(first.contains("remote: -----> Building with go (go.mod found; no Dockerfile)"), first);
        assertFalse(first.contains("! go.mod"), "go 1.19 is older than the image's 1.22: no warning: " + first);
        assertEquals("v1 from go", box.get(app, "/").body());

        box.commit(src, Map.of("main.go", GO_SERVER.replace("GREETING", "v2")), "code only");
        String second = push(src, app).assertOk().err();
        String afterDownload = second.substring(second.indexOf("RUN go mod download"));
        assertTrue(afterDownload.lines().skip(1).findFirst().orElse("").contains("Using cache"),
                "the module layer is reused: " + second);
        assertEquals("v2 from go", box.get(app, "/").body());
        String processes = box.ssh("ps " + app).assertOk().out();
        assertTrue(processes.contains("web.1"), processes);
    }
}
