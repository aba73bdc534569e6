package hiy.runtime;

import hiy.host.Iptables;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which of the CNI port rules `iptables -t nat -S CNI-HOSTPORT-DNAT` lists are leftovers (lines as printed here). */
class StalePortRulesTest {
    private static final String OLD = "a07115bfb010f5fb342c21be043d05758e606a6c12fd6e65bf2ca86913f3a31b";
    private static final String NEW = "bc19551173ce1505f8fed8a2a1262dd9a433a7c58416dc985d120f08ea897612";
    private static final String LISTING = String.join("\n",
            "-N CNI-HOSTPORT-DNAT",
            rule("hiy-41919813-counter-70b6cr", OLD, 21389, "CNI-DN-9eee68376723984621d50"),
            rule("hiy-41919813-counter-70b6cr", NEW, 21389, "CNI-DN-ee9e4ddf54500482bffd3"),
            rule("hiy-41919813-counter-70b6cr", "0f928932b724a35593645aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 21390,
                    "CNI-DN-0f928932b724a35593645"),
            rule("cbr0", "1111111111111111111111111111111111111111111111111111111111111111", 21389, "CNI-DN-1111"),
            "-A CNI-HOSTPORT-DNAT -p tcp -m tcp --dport 21389 -j DNAT --to-destination 10.0.0.9:80");

    private static String rule(String network, String id, int port, String chain) {
        return "-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment \"dnat name: \\\"" + network + "\\\" id: \\\"" + id
                + "\\\"\" -m multiport --dports " + port + " -j " + chain;
    }

    @Test
    void everyOtherCniRuleForThePortIsALeftoverAndNothingElseIs() {
        List<StalePortRules.Leftover> left = StalePortRules.in(LISTING, 21389, NEW);
        assertEquals(1, left.size(), left.toString());
        assertEquals("CNI-DN-9eee68376723984621d50", left.get(0).chain());
        assertEquals(OLD, left.get(0).container());
        assertEquals(List.of(), StalePortRules.in(LISTING, 21390, "0f928932b724a35593645aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
                "the started container's own rule stays");
        assertEquals(List.of(), StalePortRules.in(LISTING, 20000, NEW), "another port's rules are not this port's business");
        assertEquals(List.of(), StalePortRules.in("", 21389, NEW));
    }

    @Test
    void atStartTheRulesOfHiysContainersThatAreGoneAreOrphansAndNoOthers() {
        List<StalePortRules.Leftover> orphans = StalePortRules.orphans(StalePortRules.jumps(LISTING),
                List.of(NEW, "0f928932b724a35593645aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
        assertEquals(List.of(OLD), orphans.stream().map(StalePortRules.Leftover::container).toList(),
                "another tool's network (cbr0) is not HIY's to clean");
        assertEquals(3, StalePortRules.orphans(StalePortRules.jumps(LISTING), List.of()).size(), "with no containers, all of HIY's");
    }

    @Test
    void onlyAChainThatForwardsTheLoopbackPortStealsIt() {
        String loopback = String.join("\n", "-N CNI-DN-9eee68376723984621d50",
                "-A CNI-DN-9eee68376723984621d50 -s 10.89.0.0/24 -d 127.0.0.1/32 -p tcp -m tcp --dport 21389 -j CNI-HOSTPORT-SETMARK",
                "-A CNI-DN-9eee68376723984621d50 -d 127.0.0.1/32 -p tcp -m tcp --dport 21389 -j DNAT --to-destination 10.89.0.7:5000");
        assertTrue(StalePortRules.stealsLoopback(loopback, 21389));
        assertFalse(StalePortRules.stealsLoopback(loopback, 2138));
        assertTrue(StalePortRules.stealsLoopback(
                "-A CNI-DN-1 -p tcp -m tcp --dport 21389 -j DNAT --to-destination 10.89.0.7:5000", 21389), "any address");
        assertFalse(StalePortRules.stealsLoopback(
                "-A CNI-DN-1 -d 192.0.2.5/32 -p tcp -m tcp --dport 21389 -j DNAT --to-destination 10.89.0.7:5000", 21389),
                "another address of the box: maybe a live container of another tool");
    }

    @Test
    void aListedRuleSplitsIntoTheArgumentsThatNameItAgain() {
        List<String> args = Iptables.arguments(rule("hiy-1-a", OLD, 21389, "CNI-DN-9eee"));
        assertEquals(List.of("-A", "CNI-HOSTPORT-DNAT", "-p", "tcp", "-m", "comment", "--comment",
                "dnat name: \"hiy-1-a\" id: \"" + OLD + "\"", "-m", "multiport", "--dports", "21389", "-j", "CNI-DN-9eee"), args);
        assertEquals(List.of("-A", "OUTPUT", "-m", "comment", "--comment", "hiy-drain", "-j", "REJECT"),
                Iptables.arguments("-A OUTPUT -m comment --comment hiy-drain -j REJECT"));
        assertEquals(List.of("--comment", ""), Iptables.arguments("--comment \"\""));
    }
}
