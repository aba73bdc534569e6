package hiy.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The host's iptables, run with its lock waited for (-w): for the slot gate and for Podman's leftover port rules. */
public final class Iptables {
    private Iptables() { }

    /** Runs iptables with args; its output, or null when it is missing, failed or took over 10 s. */
    public static String run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("iptables", "-w"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The arguments of one line of `iptables -S`, as iptables printed them: split at spaces outside double quotes,
     * a quoted part unquoted and its \" made ", so the line can be given back (e.g. after -D) as the same rule.
     */
    public static List<String> arguments(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                current.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any || current.length() > 0) args.add(current.toString());
                current.setLength(0);
                any = false;
            } else {
                current.append(c);
            }
        }
        if (any || current.length() > 0) args.add(current.toString());
        return args;
    }
}
