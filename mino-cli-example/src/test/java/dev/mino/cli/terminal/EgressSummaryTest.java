package dev.mino.cli.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.network.EgressEvent;
import dev.mino.network.NetworkRule;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EgressSummaryTest {
    private static final Instant NOW = Instant.parse("2026-12-03T07:00:00Z");

    private static EgressEvent blocked(String address, int port) {
        return new EgressEvent.ConnectionBlocked(NOW, "tcp", address, port);
    }

    @Test
    void nothingDeniedIsNoLineAndAllowancesAreNoDenials() {
        EgressSummary summary = new EgressSummary();
        assertFalse(summary.line().isPresent());
        summary.add(new EgressEvent.DestinationAllowed(NOW, NetworkRule.parse("github.com:443")));
        assertFalse(summary.line().isPresent());
    }

    @Test
    void theMostFrequentComeFirstWithTheirCounts() {
        EgressSummary summary = new EgressSummary();
        summary.add(new EgressEvent.NameRefused(NOW, "evil.example", "A"));
        summary.add(blocked("10.0.0.7", 8080));
        summary.add(blocked("10.0.0.7", 8080));
        summary.add(blocked("2001:db8::1", 443));
        assertEquals("Blocked 3 destinations: tcp 10.0.0.7:8080 (x2), name evil.example (A), tcp [2001:db8::1]:443",
            summary.line().orElseThrow());
    }

    @Test
    void oneDestinationIsSingular() {
        EgressSummary summary = new EgressSummary();
        summary.add(blocked("10.0.0.7", 8080));
        assertEquals("Blocked 1 destination: tcp 10.0.0.7:8080", summary.line().orElseThrow());
    }

    @Test
    void theLineIsBoundedAndCountsTheRest() {
        EgressSummary summary = new EgressSummary();
        for (int i = 0; i < 2000; i++) {
            summary.add(new EgressEvent.NameRefused(NOW, "n" + i + ".example", "TXT"));
        }
        String line = summary.line().orElseThrow();
        assertTrue(line.startsWith("Blocked 2000 destinations: name n0.example (TXT), "), line);
        assertTrue(line.endsWith(", name n4.example (TXT) and 1995 more"), line);
    }

    @Test
    void denialsTheGuardLeftUnreportedCountAsMore() {
        EgressSummary summary = new EgressSummary();
        summary.add(blocked("10.0.0.7", 8080));
        summary.add(new EgressEvent.DenialsSuppressed(NOW, 250));
        assertEquals("Blocked 251 destinations: tcp 10.0.0.7:8080 and 250 more", summary.line().orElseThrow());
    }

    /** A name comes from the sandbox: whatever it holds reaches the terminal only as text. */
    @Test
    void controlCharactersInANameAreEscaped() {
        EgressSummary summary = new EgressSummary();
        summary.add(new EgressEvent.NameRefused(NOW, "x\u001b]0;owned\u0007.example", "A"));
        summary.add(new EgressEvent.ConnectionBlocked(NOW, "tcp\u001b[2J", "10.0.0.1", 1));
        String line = summary.line().orElseThrow();
        assertFalse(line.chars().anyMatch(c -> c < 0x20 || c == 0x7f), line);
        assertTrue(line.contains("name x\\u001B]0;owned\\u0007.example (A)"), line);
    }
}
