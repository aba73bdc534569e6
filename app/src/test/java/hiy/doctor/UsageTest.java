package hiy.doctor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageTest {
    private static final long GB = 1024L * 1024 * 1024;

    @Test
    void diskWarnsAboveEightyPercentOnly() {
        assertEquals(Finding.Level.OK, Usage.disk("data dir disk", "/d", 100 * GB, 80 * GB, "du").level());
        Finding full = Usage.disk("data dir disk", "/d", 100 * GB, 81 * GB, "du -sh /d/*");
        assertEquals(Finding.Level.WARN, full.level());
        assertEquals("/d 81 % used (81.0 GB of 100.0 GB), above 80 %", full.detail());
        assertEquals("du -sh /d/*", full.fix());
    }

    @Test
    void memoryWarnsAboveEightyFivePercentOfWhatIsNotAvailable() {
        assertEquals(Finding.Level.OK, Usage.memory(100 * GB, 15 * GB).level());
        Finding tight = Usage.memory(100 * GB, 14 * GB);
        assertEquals(Finding.Level.WARN, tight.level());
        assertTrue(tight.detail().startsWith("86 % used (86.0 GB of 100.0 GB), above 85 %"), tight.detail());
        assertTrue(tight.fix().contains("ps:scale"), tight.fix());
    }

    @Test
    void unknownSizesWarnRatherThanDivideByZero() {
        assertEquals(Finding.Level.WARN, Usage.disk("podman storage", "/s", 0, 0, "x").level());
        assertEquals(Finding.Level.WARN, Usage.memory(0, 0).level());
    }
}
