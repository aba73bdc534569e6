package hiy.release;

import hiy.host.CurrentUser;
import hiy.host.Iptables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Shuts a slot to new connections while the ones it has finish, beside the hold that keeps Caddy from choosing the
 * slot (RouteTable, HeldSlots): a retiring release stops getting new connections without any change to Caddy's
 * config (which would close clients' keep-alive connections). Done with a firewall rule on the loopback port, so it needs root and
 * iptables; without them old releases get SIGTERM straight away, as before.
 */
public final class SlotGate {
    private static final Logger LOG = LoggerFactory.getLogger(SlotGate.class);
    private static final String TAG = "hiy-drain";

    private final boolean enabled;

    /** enabled: whether it uses iptables (detect() decides; tests of the rules take it as given, without its clean-up). */
    SlotGate(boolean enabled) {
        this.enabled = enabled;
    }

    /** A gate that never shuts a slot: retiring releases get SIGTERM without a drain (as without root or iptables). */
    static SlotGate off() {
        return new SlotGate(false);
    }

    /** Uses iptables when HIY runs as root and it is installed; clears rules a crashed HIY left behind. */
    public static SlotGate detect() {
        String rules = CurrentUser.isRoot() ? Iptables.run("-S", "OUTPUT") : null;
        SlotGate gate = new SlotGate(rules != null);
        if (!gate.enabled) {
            LOG.info("shutting a retiring slot to new connections needs root and iptables; without them the slot is only"
                    + " held out of Caddy's rotation while its requests in flight finish");
            return gate;
        }
        for (String line : rules.lines().toList()) {
            if (line.contains(TAG) && line.startsWith("-A OUTPUT ")) {
                List<String> delete = new ArrayList<>(Iptables.arguments(line));
                delete.set(0, "-D");
                Iptables.run(delete.toArray(String[]::new));
            }
        }
        return gate;
    }

    /** New connections to 127.0.0.1:port are refused; established ones carry on. */
    public void shut(int port) {
        if (enabled && Iptables.run(rule("-I", port)) == null) LOG.warn("could not shut slot {} for draining", port);
    }

    public void open(int port) {
        if (enabled) Iptables.run(rule("-D", port));
    }

    /**
     * While a container on the slot starts or stops, a new connection that no container takes is refused at once:
     * Podman's conmon listens on the host port from the container's creation until it is gone, and a connection that
     * reaches it (the container's network not up yet, or torn down already) waits in its backlog, unanswered, until
     * the container dies. Connections the port forwarding sends to the container pass.
     */
    void guard(int port) {
        if (enabled && Iptables.run(guardRule("-I", port)) == null) LOG.warn("could not guard slot {} while it changes", port);
    }

    void unguard(int port) {
        if (enabled) Iptables.run(guardRule("-D", port));
    }

    /** A connection to 127.0.0.1:port that was not forwarded answers from 127.0.0.1: a host listener took it. */
    private static String[] guardRule(String action, int port) {
        return new String[] {action, "OUTPUT", "-p", "tcp", "-m", "conntrack", "--ctstate", "NEW",
                "--ctorigdst", "127.0.0.1", "--ctorigdstport", String.valueOf(port), "--ctreplsrc", "127.0.0.1",
                "-m", "comment", "--comment", TAG, "-j", "REJECT", "--reject-with", "tcp-reset"};
    }

    /** Podman DNATs the published port, so the rule matches the connection's original destination. */
    private static String[] rule(String action, int port) {
        return new String[] {action, "OUTPUT", "-p", "tcp", "-m", "conntrack", "--ctstate", "NEW",
                "--ctorigdst", "127.0.0.1", "--ctorigdstport", String.valueOf(port),
                "-m", "comment", "--comment", TAG, "-j", "REJECT", "--reject-with", "tcp-reset"};
    }
}
