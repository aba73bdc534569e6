package hiy.cli;

import hiy.config.Settings;
import hiy.doctor.Doctor;
import hiy.doctor.DoctorReport;
import hiy.doctor.Finding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "doctor",
        description = "Check what HIY needs on this box, one line per check: ok, warn or FAIL with the command that fixes it.",
        footer = {"", "Reads the same HIY_* settings as hiy server; run it as the user HIY runs as (or root).",
                "Exit status: 0 nothing failed (warnings allowed), 1 a check failed or a setting is invalid."})
final class CliDoctorCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public Integer call() {
        Settings settings;
        try {
            settings = Settings.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("hiy: " + e.getMessage());
            return 1;
        }
        boolean colour = System.console() != null;
        List<Finding> findings = Doctor.examine(settings, f -> System.out.println(DoctorReport.line(f, colour)));
        System.out.println(DoctorReport.summary(findings, colour));
        return DoctorReport.exitStatus(findings);
    }
}
