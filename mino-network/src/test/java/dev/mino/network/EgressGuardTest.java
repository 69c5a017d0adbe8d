package dev.mino.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Java side of the egress guard: its command line and the events it prints. */
class EgressGuardTest {

    @Test
    void theCommandChecksTheToolsThenRunsTheGuardWithEveryRule() {
        List<String> command = EgressGuard.of(NetworkPolicy.allow("github.com:443", "*.example.org:443",
            "10.0.0.0/8:8080", "[2001:db8::1]:22")).command();
        assertEquals("/bin/sh", command.get(0));
        assertEquals("-c", command.get(1));
        assertTrue(command.get(2).contains("exec python3 -I -c \"$0\" \"$@\""), command.get(2));
        assertEquals(EgressGuard.source(), command.get(3));
        assertEquals(List.of("guard", "github.com:443", "*.example.org:443", "10.0.0.0/8:8080", "[2001:db8::1]:22"),
            command.subList(4, command.size()));
    }

    @Test
    void theGuardIsOnlyForAnAllowlist() {
        assertThrows(IllegalArgumentException.class, () -> EgressGuard.of(NetworkPolicy.bridge()));
        assertThrows(IllegalArgumentException.class, () -> EgressGuard.of(List.of()));
    }

    @Test
    void allowRunsTheSameProgramWithOneRule() {
        List<String> command = EgressGuard.allowCommand(NetworkRule.parse("10.1.2.3:443"));
        assertEquals(List.of("allow", "10.1.2.3:443"), command.subList(4, command.size()));
    }

    @Test
    void theSourceIsTheGuardProgram() {
        String source = EgressGuard.source();
        assertTrue(source.contains("'" + EgressGuard.READY_MARKER + "'"));
        assertTrue(source.contains("'" + EgressGuard.EVENT_PREFIX + "'"));
        assertTrue(source.contains("MIN_ADMIT_SECONDS = " + EgressGuard.MIN_ADMIT_SECONDS));
        assertTrue(source.contains("EXIT_RULES_NOT_IN_PLACE = " + EgressGuard.EXIT_RULES_NOT_IN_PLACE));
        assertTrue(source.contains("EXIT_NO_UPSTREAM = " + EgressGuard.EXIT_NO_UPSTREAM));
        assertTrue(source.contains("EXIT_RESOLVER_FAILED = " + EgressGuard.EXIT_RESOLVER_FAILED));
        assertTrue(source.contains("EXIT_ALLOW_FAILED = " + EgressGuard.EXIT_ALLOW_FAILED));
    }

    @Test
    void eventLinesBecomeEvents() {
        Instant at = Instant.ofEpochMilli(1796279985060L);
        assertEquals(Optional.of(new EgressEvent.NameRefused(at, "evil.example", "AAAA")),
            EgressGuard.parseEvent("mino-egress-event 1796279985060 refused-name AAAA evil.example\n"));
        EgressEvent blocked = EgressGuard.parseEvent("mino-egress-event 1796279985060 blocked tcp 2001:db8::7 8080")
            .orElseThrow();
        assertEquals(new EgressEvent.ConnectionBlocked(at, "tcp", "2001:db8::7", 8080), blocked);
        assertEquals("blocked tcp [2001:db8::7]:8080", blocked.describe());
        assertTrue(blocked.denied());
        EgressEvent allowed = EgressGuard.parseEvent("mino-egress-event 1796279985060 allowed 10.1.2.3:443").orElseThrow();
        assertEquals(new EgressEvent.DestinationAllowed(at, NetworkRule.parse("10.1.2.3:443")), allowed);
        assertEquals(false, allowed.denied());
        assertEquals(Optional.of(new EgressEvent.DenialsSuppressed(at, 250)),
            EgressGuard.parseEvent("mino-egress-event 1796279985060 suppressed 250"));
        assertEquals("blocked icmp 10.0.0.9", new EgressEvent.ConnectionBlocked(at, "icmp", "10.0.0.9", 0).describe());
    }

    @Test
    void otherLinesAreNoEvents() {
        for (String line : List.of("", EgressGuard.READY_MARKER, "mino-egress-event", "mino-egress-event x blocked tcp 1.2.3.4 80",
            "mino-egress-event 1 blocked tcp 1.2.3.4", "mino-egress-event 1 blocked tcp 1.2.3.4 eighty",
            "mino-egress-event 1 allowed not-a-rule", "mino-egress-event 1 something-new a b",
            "other 1 refused-name A x.example")) {
            assertEquals(Optional.empty(), EgressGuard.parseEvent(line), line);
        }
    }
}
