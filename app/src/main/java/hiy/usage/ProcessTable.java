package hiy.usage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every process of the host at one moment, as their /proc/PID/stat lines said: read once per round, so finding the
 * descendants of each container's main process costs no further reads.
 */
final class ProcessTable {
    /**
     * ticks: CPU time (user and system) the process used, plus that of its children it waited for: a child that ended
     * since the round before thus still counts, in its parent. startTime: clock ticks after boot.
     */
    record Entry(long pid, long parent, long ticks, long startTime) {}

    private final Map<Long, Entry> byPid = new HashMap<>();
    private final Map<Long, List<Long>> children = new HashMap<>();

    ProcessTable(Collection<Entry> entries) {
        for (Entry e : entries) {
            byPid.put(e.pid(), e);
            children.computeIfAbsent(e.parent(), p -> new ArrayList<>()).add(e.pid());
        }
    }

    Optional<Entry> get(long pid) {
        return Optional.ofNullable(byPid.get(pid));
    }

    /** The process, then all its descendants; empty when it was not there. */
    List<Entry> tree(long pid) {
        List<Entry> tree = new ArrayList<>();
        Set<Long> taken = new HashSet<>();
        Deque<Long> next = new ArrayDeque<>(List.of(pid));
        while (!next.isEmpty()) {
            Entry e = byPid.get(next.poll());
            // A pid reused while the table was read could make a loop; each process is taken once.
            if (e == null || !taken.add(e.pid())) continue;
            tree.add(e);
            next.addAll(children.getOrDefault(e.pid(), List.of()));
        }
        return tree;
    }
}
