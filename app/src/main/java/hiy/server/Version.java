package hiy.server;

public final class Version {
    public static final String VERSION = "0.1";

    private Version() { }
}
