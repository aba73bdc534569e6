package hiy.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who HIY runs as, from /proc (Linux only, as HIY is): root decides which Podman is HIY's and whether it may drain. */
public final class CurrentUser {
    private CurrentUser() {}

    /** Whether the effective uid is 0; false when /proc cannot tell, so nothing is done that needs root. */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring("Uid:".length()).trim().split("\\s+");
                    return ids.length > 1 && ids[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
