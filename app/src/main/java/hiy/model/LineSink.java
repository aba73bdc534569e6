package hiy.model;

/** Where progress lines of long work go: a push's remote: lines, a build log, a test's list. */
@FunctionalInterface
public interface LineSink {
    LineSink NULL = line -> { };

    void line(String line);
}
