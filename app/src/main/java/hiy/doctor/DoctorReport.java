package hiy.doctor;

import org.fusesource.jansi.Ansi;

import java.util.List;

/** How findings are printed: one line each, the level coloured only on a terminal; exit 1 if anything failed. */
public final class DoctorReport {
    /** Wide enough for the longest check name, so the details line up while lines print as checks finish. */
    static final int NAME_WIDTH = 15;

    private DoctorReport() {}

    public static String line(Finding finding, boolean colour) {
        String level = String.format("%-4s", finding.level().word());
        String text = finding.detail() + (finding.fix() == null ? "" : "; fix: " + finding.fix());
        return (colour ? coloured(finding.level(), level) : level) + "  "
                + String.format("%-" + NAME_WIDTH + "s", finding.name()) + " " + text;
    }

    /** The closing line: how many of each. */
    public static String summary(List<Finding> findings, boolean colour) {
        long fails = count(findings, Finding.Level.FAIL);
        long warns = count(findings, Finding.Level.WARN);
        String text = findings.size() + " checks: " + count(findings, Finding.Level.OK) + " ok, " + warns + " warn, "
                + fails + " FAIL";
        if (!colour) return text;
        return fails > 0 ? coloured(Finding.Level.FAIL, text) : warns > 0 ? coloured(Finding.Level.WARN, text)
                : coloured(Finding.Level.OK, text);
    }

    public static int exitStatus(List<Finding> findings) {
        return count(findings, Finding.Level.FAIL) > 0 ? 1 : 0;
    }

    private static long count(List<Finding> findings, Finding.Level level) {
        return findings.stream().filter(f -> f.level() == level).count();
    }

    private static String coloured(Finding.Level level, String text) {
        Ansi ansi = Ansi.ansi();
        ansi = switch (level) {
            case OK -> ansi.fgBrightGreen();
            case WARN -> ansi.fgBrightYellow();
            case FAIL -> ansi.fgBrightRed().bold();
        };
        return ansi.a(text).reset().toString();
    }
}
