package hiy.commands;

import hiy.config.Settings;
import hiy.doctor.Doctor;
import hiy.doctor.DoctorReport;
import hiy.doctor.Finding;
import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check the box HIY runs on: Podman, Caddy, data dir, disk, memory (admins).",
        footer = {"", "Example: ssh hiy@box doctor",
                "One line per check: ok, warn or FAIL, its name, what it found and, unless ok, the command that fixes it.",
                "Exit status: 0 nothing failed (warnings allowed), 1 a check failed or not an admin."})
@AdminOnly("run doctor")
final class DoctorCommand extends HiyCommand {
    private final Settings settings;

    DoctorCommand(Settings settings) {
        this.settings = settings;
    }

    @Override
    protected int execute() throws UserError {
        List<Finding> findings = Doctor.examine(settings, f -> out().println(DoctorReport.line(f, style.terminal())));
        out().println(DoctorReport.summary(findings, style.terminal()));
        return DoctorReport.exitStatus(findings);
    }
}
