package hiy.dashboard;

import hiy.commands.Services;
import hiy.doctor.Doctor;
import hiy.doctor.DoctorReport;
import hiy.model.Sizes;
import hiy.usage.Disk;

import java.util.Map;

/**
 * The box, for admins: CPU, memory and HIY's own memory over the last hour, the disks of the data dir and of
 * Podman's storage, the build queue, and doctor's checks when asked for (they take a few seconds).
 */
final class BoxPage {
    static final String LIVE = "/box?part=live";
    static final String DOCTOR = "/box?part=doctor";

    private final Services hiy;

    BoxPage(Services hiy) {
        this.hiy = hiy;
    }

    String page(Viewer viewer) {
        return Html.page("Box", viewer, "<h1>Box</h1>" + Html.live(LIVE, part())
                + "<h2>Doctor</h2><section data-action><p><button type=\"button\" data-load=\"" + DOCTOR + "\""
                + " data-progress=\"Checking Podman, Caddy, the data dir and the host\">Run the checks</button></p>"
                + "<pre><output></output></pre></section>");
    }

    String part() {
        StringBuilder disks = new StringBuilder();
        for (Disk d : hiy.usage().disks()) {
            long used = d.totalBytes() - d.freeBytes();
            disks.append("<tr><td>").append(Html.escape(d.what())).append("</td><td class=\"wide\">")
                    .append(Html.escape(d.path().toString())).append("</td><td>").append(Sizes.bytes(used))
                    .append(" of ").append(Sizes.bytes(d.totalBytes())).append("</td><td>").append(Sizes.bytes(d.freeBytes()))
                    .append("</td></tr>");
        }
        StringBuilder queue = new StringBuilder();
        for (Map.Entry<String, Map<String, Integer>> e : hiy.builds().countsByAppAndStatus().entrySet()) {
            int waiting = e.getValue().getOrDefault("queued", 0);
            int building = e.getValue().getOrDefault("building", 0);
            if (waiting + building == 0) continue;
            queue.append("<li>").append(Html.escape(e.getKey())).append(": ")
                    .append(building > 0 ? "building" : "").append(building > 0 && waiting > 0 ? ", " : "")
                    .append(waiting > 0 ? waiting + " waiting" : "").append("</li>");
        }
        return UsageCharts.box(hiy.usage().box())
                + "<h2>Disks</h2><table><thead><tr><th>What</th><th class=\"wide\">Path</th><th>Used</th><th>Free</th>"
                + "</tr></thead><tbody>" + disks + "</tbody></table>"
                + "<h2>Build queue</h2>" + (queue.isEmpty() ? "<p>Nothing waits or builds.</p>" : "<ul>" + queue + "</ul>");
    }

    /** doctor's findings, a line each, as `ssh doctor` prints them without colour. */
    String doctor() {
        StringBuilder out = new StringBuilder();
        var findings = Doctor.examine(hiy.settings(), f -> out.append(DoctorReport.line(f, false)).append('\n'));
        return out.append(DoctorReport.summary(findings, false)).toString();
    }
}
