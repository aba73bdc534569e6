package hiy.build;

/** The images the builders HIY writes Dockerfiles for start from (HIY_*_IMAGE settings). */
public record BaseImages(String node, String python, String go, String goRuntime, String ruby,
                         String maven, String gradle, String javaRuntime) { }
