package hiy.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SizesTest {
    private static final long GB = 1024L * 1024 * 1024;

    @Test
    void bytesAreShownInTheLargestFittingUnit() {
        assertEquals("512 B", Sizes.bytes(512));
        assertEquals("1.5 KB", Sizes.bytes(1536));
        assertEquals("37.2 MB", Sizes.bytes((long) (37.2 * 1048576)));
        assertEquals("24.1 GB", Sizes.bytes((long) (24.1 * GB)));
    }
}
