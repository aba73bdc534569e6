package hiy.build;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes the Dockerfile of a Ruby app: Gemfile and Gemfile.lock first (a change of code alone reuses the installed
 * gems), bundle install without the development and test groups (deployment mode with a lockfile), then the code.
 * The Procfile says what runs; a Rack app (config.ru) without one runs rackup on $PORT.
 */
final class RubyDockerfile {
    static final String GEMFILE = "Gemfile";

    private RubyDockerfile() { }

    static LanguageStrategy.Writer writer(String image) {
        return source -> write(image, source);
    }

    static WrittenDockerfile write(String image, SourceTree source) throws BuildException, IOException {
        boolean web = LanguageStrategy.hasWebProcess(source);
        boolean rack = source.hasFile("config.ru");
        if (!web && !rack && LanguageStrategy.procfileTypes(source).isEmpty()) {
            throw new BuildException("nothing starts this Ruby app: add a Procfile with a line such as"
                    + " web: bundle exec puma -p $PORT (or a config.ru for rackup), commit it and push again");
        }
        List<String> warnings = new ArrayList<>();
        Optional<String> pinned = source.text(".ruby-version");
        if (pinned.isPresent()) {
            String line = pinned.get().strip();
            if (line.startsWith("ruby-")) line = line.substring("ruby-".length());
            LanguageVersion.warning("ruby", ".ruby-version", line, image, "HIY_RUBY_IMAGE").ifPresent(warnings::add);
        }
        boolean lock = source.hasFile("Gemfile.lock");
        StringBuilder d = new StringBuilder()
                .append("# Written by HIY for a Ruby app (Gemfile, no Dockerfile). Commit it as Dockerfile to take it over.\n")
                .append("FROM ").append(image).append('\n')
                .append("WORKDIR /app\n")
                .append("ENV BUNDLE_WITHOUT=development:test").append(lock ? " BUNDLE_DEPLOYMENT=1" : "").append('\n')
                .append(lock ? "COPY [\"Gemfile\", \"Gemfile.lock\", \"./\"]\n" : "COPY [\"Gemfile\", \"./\"]\n")
                .append("RUN bundle install\n")
                .append("COPY . .\n");
        if (!web && rack) d.append("CMD exec bundle exec rackup --host 0.0.0.0 --port \"${PORT:-5000}\"\n");
        return new WrittenDockerfile(d.toString(), warnings);
    }
}
