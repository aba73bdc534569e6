package hiy.doctor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoctorReportTest {
    @Test
    void oneLinePerCheckWithLevelNameDetailAndFix() {
        assertEquals("ok    memory          16 % used", DoctorReport.line(Finding.ok("memory", "16 % used"), false));
        assertEquals("FAIL  data dir modes  x is rw-r--r--; fix: chmod 600 /d/x",
                DoctorReport.line(Finding.fail("data dir modes", "x is rw-r--r--", "chmod 600 /d/x"), false));
        assertEquals("warn  limits          not enforced; fix: boot with cgroup v2",
                DoctorReport.line(Finding.warn("limits", "not enforced", "boot with cgroup v2"), false));
    }

    @Test
    void colourOnlyWhenAsked() {
        Finding fail = Finding.fail("podman", "gone", "start it");
        assertFalse(DoctorReport.line(fail, false).contains("\u001b["));
        assertTrue(DoctorReport.line(fail, true).contains("\u001b["));
        assertTrue(DoctorReport.line(fail, true).endsWith("podman          gone; fix: start it"));
    }

    @Test
    void exitOneOnlyWhenSomethingFailed() {
        Finding ok = Finding.ok("memory", "fine");
        Finding warn = Finding.warn("limits", "not enforced", "cgroup v2");
        Finding fail = Finding.fail("podman", "gone", "start it");
        assertEquals(0, DoctorReport.exitStatus(List.of(ok, warn)));
        assertEquals(1, DoctorReport.exitStatus(List.of(ok, warn, fail)));
        assertEquals("3 checks: 1 ok, 1 warn, 1 FAIL", DoctorReport.summary(List.of(ok, warn, fail), false));
    }

    @Test
    void aWarningOrFailureWithoutItsFixIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Finding.fail("podman", "gone", " "));
        assertThrows(IllegalArgumentException.class, () -> Finding.warn("memory", "full", null));
    }

    @Test
    void everyCheckNameFitsTheColumn() {
        for (String name : List.of("podman", "oci runtime", "init binary", "rootless", "limits", "podman storage",
                "caddy admin", "http port", "https port", "certificates", "certificate", "data dir owner",
                "data dir modes", "data dir disk", "memory")) {
            assertTrue(name.length() < DoctorReport.NAME_WIDTH, name);
        }
    }
}
