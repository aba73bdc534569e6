package hiy.model;

/** A built image: its tag, its id and the port the app listens on (EXPOSE, else 5000). */
public record BuiltImage(String tag, String imageId, int port) implements Built {
    public static final int DEFAULT_PORT = 5000;
}
