package hiy.build;

import hiy.model.BuiltImage;
import hiy.model.LineSink;

import java.util.List;
import java.util.Optional;

/**
 * A language HIY recognises but has no built-in build for yet (Python, Go, Ruby): recognised so that the push says
 * what it saw and what to do, rather than that it found nothing.
 */
final class ManifestStrategy implements BuildStrategy {
    private final String name;
    private final List<String> manifests;
    private final String example;

    ManifestStrategy(String name, List<String> manifests, String example) {
        this.name = name;
        this.manifests = manifests;
        this.example = example;
    }

    static List<BuildStrategy> notYetBuilt() {
        return List.of(
                new ManifestStrategy("python", List.of("requirements.txt", "pyproject.toml", "Pipfile"),
                        "FROM python:3.12-slim-bookworm, COPY requirements.txt, RUN pip install -r requirements.txt"),
                new ManifestStrategy("go", List.of("go.mod"),
                        "FROM golang:1.22-bookworm AS build, RUN go build -o /app, then a small runtime stage"),
                new ManifestStrategy("ruby", List.of("Gemfile"),
                        "FROM ruby:3.3-slim-bookworm, COPY Gemfile Gemfile.lock, RUN bundle install"));
    }

    @Override public String name() { return name; }
    @Override public String lookedFor() { return String.join(", ", manifests); }

    @Override
    public Optional<String> fits(SourceTree source) {
        return manifests.stream().filter(source::hasFile).findFirst().map(m -> m + " found");
    }

    @Override
    public BuiltImage build(SourceTree source, String setting, String tag, LineSink output) throws BuildException {
        throw new BuildException("HIY has no built-in " + name + " builder yet: add a Dockerfile (" + example
                + ") and push again, or choose one with builder:set APP dockerfile path=PATH");
    }
}
