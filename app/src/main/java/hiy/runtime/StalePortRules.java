package hiy.runtime;

import hiy.host.CurrentUser;
import hiy.host.Iptables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Port rules that Podman 4.3's CNI port mapping left behind. Rootful, a published port is a DNAT rule in the host's
 * CNI-HOSTPORT-DNAT chain, one per container, jumping to a chain of the container's own; removing a container
 * sometimes leaves its rules there (a box here had 123 after many test runs). When the port is used again (an app's
 * slot, or any loopback port a program picks, Caddy's admin API say), the older rule comes first, so the port's
 * traffic goes to the dead container's address. Only rules of HIY's own networks (hiy-…) are touched: at start, those
 * of containers Podman no longer has; after a container starts on 127.0.0.1:port, every other one that forwards
 * 127.0.0.1:port (a port has one container). Rootless Podman forwards ports by a process of its own (no host rules),
 * and netavark names its chains otherwise: then there is nothing to do.
 */
final class StalePortRules {
    private static final Logger log = LoggerFactory.getLogger(StalePortRules.class);
    static final String CHAIN = "CNI-HOSTPORT-DNAT";
    private static final Pattern JUMP = Pattern.compile("^-A " + CHAIN
            + " .*--comment \"dnat name: \\\\\"(hiy-[^\\\\\"]*)\\\\\" id: \\\\\"([0-9a-f]{12,64})\\\\\"\".*"
            + "--dports (\\d+) -j (CNI-DN-[0-9a-f]+)\\s*$");

    private StalePortRules() { }

    /** One rule: its line as `iptables -S` printed it, its port, the chain it jumps to, the container it was for. */
    record Leftover(String line, int port, String chain, String container) { }

    /** Every CNI jump of an HIY network in the chain's listing. */
    static List<Leftover> jumps(String listing) {
        List<Leftover> found = new ArrayList<>();
        for (String line : listing.lines().toList()) {
            Matcher jump = JUMP.matcher(line);
            if (jump.matches()) {
                found.add(new Leftover(line, Integer.parseInt(jump.group(3)), jump.group(4), jump.group(2)));
            }
        }
        return found;
    }

    /** The jumps for port that belong to another container than the one just started. */
    static List<Leftover> in(String listing, int port, String startedId) {
        return jumps(listing).stream().filter(j -> j.port() == port && !same(j.container(), startedId)).toList();
    }

    /** The jumps whose container is not among those Podman has. */
    static List<Leftover> orphans(List<Leftover> jumps, Collection<String> containers) {
        return jumps.stream().filter(j -> containers.stream().noneMatch(c -> same(j.container(), c))).toList();
    }

    /** Ids as a rule's comment has them (12 to 64 digits) and as Podman does (64). */
    private static boolean same(String a, String b) {
        return a.startsWith(b) || b.startsWith(a);
    }

    /**
     * Whether a container's port chain forwards 127.0.0.1:port (a rule for that address, or for any): one bound to
     * another address of the box may well be alive, and takes nothing from HIY's port.
     */
    static boolean stealsLoopback(String chainListing, int port) {
        for (String line : chainListing.lines().toList()) {
            if (!line.contains("-j DNAT") || !line.contains("--dport " + port + " ")) continue;
            if (!line.contains(" -d ") || line.contains(" -d 127.0.0.1/32 ")) return true;
        }
        return false;
    }

    /**
     * At start: removes the rules of containers Podman no longer has. The rules are listed before the containers,
     * so a container made meanwhile (its rules come after its record) is never taken for gone.
     */
    static void removeOrphans(Supplier<Collection<String>> containers) {
        if (!CurrentUser.isRoot()) return;
        String listing = Iptables.run("-t", "nat", "-S", CHAIN);
        List<Leftover> jumps = listing == null ? List.of() : jumps(listing);
        if (jumps.isEmpty()) return; // no CNI port rules of HIY's here (rootless, netavark)
        Collection<String> have = containers.get();
        if (have == null) return;
        int removed = 0;
        for (Leftover left : orphans(jumps, have)) {
            if (remove(left)) removed++;
        }
        if (removed > 0) {
            log.info("Removed {} port rule(s) Podman left behind for containers that are gone (they would send a"
                    + " loopback port's traffic to a dead address)", removed);
        }
    }

    /** After a container started on 127.0.0.1:port: removes the other rules that forward that port. */
    static void removeFor(int port, String startedId) {
        if (!CurrentUser.isRoot()) return;
        String listing = Iptables.run("-t", "nat", "-S", CHAIN);
        if (listing == null) return;
        for (Leftover left : in(listing, port, startedId)) {
            String chain = Iptables.run("-t", "nat", "-S", left.chain());
            if (chain == null || !stealsLoopback(chain, port)) continue;
            boolean removed = remove(left);
            log.info("{} the port rule Podman left behind for 127.0.0.1:{} (container {}, chain {}): it sent the port's"
                    + " traffic to a container that is gone{}", removed ? "Removed" : "Could not remove", port,
                    left.container().substring(0, 12), left.chain(),
                    removed ? "" : " (remove it as root with `iptables -t nat -D " + CHAIN + " …`)");
        }
    }

    /** Deletes the jump, then empties and deletes the container's chain; whether the jump went. */
    private static boolean remove(Leftover left) {
        List<String> delete = new ArrayList<>(List.of("-t", "nat"));
        delete.addAll(Iptables.arguments(left.line()));
        delete.set(2, "-D");
        if (Iptables.run(delete.toArray(String[]::new)) == null) return false;
        Iptables.run("-t", "nat", "-F", left.chain());
        Iptables.run("-t", "nat", "-X", left.chain());
        return true;
    }
}
