package hiy.build;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes the Dockerfile of a Python app, as Heroku's Python buildpack builds one: requirements.txt (or Pipfile)
 * first, so a change of code alone reuses the dependency layer; a pyproject.toml project is installed with pip;
 * the Procfile says what runs. Only fixed lines are written: the commit's files decide which.
 */
final class PythonDockerfile {
    static final List<String> MANIFESTS = List.of("requirements.txt", "pyproject.toml", "Pipfile");

    private PythonDockerfile() { }

    static LanguageStrategy.Writer writer(String image) {
        return source -> write(image, source);
    }

    static WrittenDockerfile write(String image, SourceTree source) throws BuildException, IOException {
        if (LanguageStrategy.procfileTypes(source).isEmpty()) {
            throw new BuildException("nothing starts this Python app: add a Procfile with a line such as"
                    + " web: gunicorn app:app --bind 0.0.0.0:$PORT (or web: python app.py), commit it and push again");
        }
        List<String> warnings = new ArrayList<>();
        version(source, image).ifPresent(warnings::add);
        StringBuilder d = new StringBuilder()
                .append("# Written by HIY for a Python app (").append(manifest(source))
                .append(", no Dockerfile). Commit it as Dockerfile to take it over.\n")
                .append("FROM ").append(image).append('\n')
                .append("WORKDIR /app\n")
                .append("ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1\n");
        if (source.hasFile("requirements.txt")) {
            d.append("COPY [\"requirements.txt\", \"./\"]\n")
                    .append("RUN pip install -r requirements.txt\n")
                    .append("COPY . .\n");
        } else if (source.hasFile("Pipfile")) {
            boolean lock = source.hasFile("Pipfile.lock");
            d.append("RUN pip install pipenv\n")
                    .append(lock ? "COPY [\"Pipfile\", \"Pipfile.lock\", \"./\"]\n" : "COPY [\"Pipfile\", \"./\"]\n")
                    .append(lock ? "RUN pipenv install --system --deploy\n" : "RUN pipenv install --system --skip-lock\n")
                    .append("COPY . .\n");
        } else {
            // pyproject.toml names its dependencies inside the project: installing it needs the whole source.
            d.append("COPY . .\n")
                    .append("RUN pip install .\n");
        }
        return new WrittenDockerfile(d.toString(), warnings);
    }

    private static String manifest(SourceTree source) {
        return MANIFESTS.stream().filter(source::hasFile).findFirst().orElse("no manifest");
    }

    /** .python-version first, then Heroku's runtime.txt ("python-3.12.4"). */
    private static Optional<String> version(SourceTree source, String image) throws BuildException, IOException {
        Optional<String> pinned = source.text(".python-version");
        if (pinned.isPresent()) {
            String line = pinned.get().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .findFirst().orElse("");
            return LanguageVersion.warning("python", ".python-version", line, image, "HIY_PYTHON_IMAGE");
        }
        Optional<String> runtime = source.text("runtime.txt");
        if (runtime.isPresent()) {
            String line = runtime.get().strip();
            return LanguageVersion.warning("python", "runtime.txt",
                    line.startsWith("python-") ? line.substring("python-".length()) : "?", image, "HIY_PYTHON_IMAGE");
        }
        return Optional.empty();
    }
}
