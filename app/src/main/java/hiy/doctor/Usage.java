package hiy.doctor;

import hiy.model.Sizes;

/** How full a disk or the memory is, and from what share that deserves a warning. */
final class Usage {
    static final int DISK_WARN_PERCENT = 80;
    static final int MEMORY_WARN_PERCENT = 85;

    private Usage() {}

    /** @param fix what frees space there */
    static Finding disk(String name, String where, long total, long used, String fix) {
        if (total <= 0) return Finding.warn(name, where + ": its size is unknown", "df -h " + where);
        int percent = percent(used, total);
        String detail = where + " " + percent + " % used (" + Sizes.bytes(used) + " of " + Sizes.bytes(total) + ")";
        return percent > DISK_WARN_PERCENT
                ? Finding.warn(name, detail + ", above " + DISK_WARN_PERCENT + " %", fix)
                : Finding.ok(name, detail);
    }

    /** @param available what the kernel could give programs without swapping (MemAvailable) */
    static Finding memory(long total, long available) {
        if (total <= 0) return Finding.warn("memory", "/proc/meminfo gives no MemTotal", "cat /proc/meminfo");
        long used = Math.max(0, total - available);
        int percent = percent(used, total);
        String detail = percent + " % used (" + Sizes.bytes(used) + " of " + Sizes.bytes(total) + ")";
        return percent > MEMORY_WARN_PERCENT
                ? Finding.warn("memory", detail + ", above " + MEMORY_WARN_PERCENT + " %: new releases may not start",
                        "see what uses it with ps -eo rss,user,args --sort=-rss | head, then stop or scale down apps"
                                + " (ssh hiy@box ps:scale APP web=1)")
                : Finding.ok("memory", detail);
    }

    static int percent(long part, long whole) {
        return (int) Math.min(100, Math.max(0, Math.round(100.0 * part / whole)));
    }
}
