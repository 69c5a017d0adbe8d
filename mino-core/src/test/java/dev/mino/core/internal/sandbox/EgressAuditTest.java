package dev.mino.core.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.core.testing.JsonFields;
import dev.mino.network.EgressEvent;
import dev.mino.network.NetworkRule;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the audit log gets of the egress guard's reports (never more than the listed fields), and
 * how the guard's output is read.
 */
class EgressAuditTest {
    private static final Instant NOW = Instant.parse("2026-12-03T07:00:00Z");

    @TempDir
    Path state;

    private List<JsonNode> lines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(state.resolve("audit.log"))) {
            lines.add(new ObjectMapper().readTree(line));
        }
        return lines;
    }

    @Test
    void denialsAndAllowancesAreAuditedWithTheirFieldsOnly() throws IOException {
        SessionJournal journal = SessionJournal.at(state, true);
        journal.egressDenied("s1", new EgressEvent.NameRefused(NOW, "evil.example", "TXT"));
        journal.egressDenied("s1", new EgressEvent.ConnectionBlocked(NOW, "udp", "2001:db8::7", 53));
        journal.egressDenied("s1", new EgressEvent.DestinationAllowed(NOW, NetworkRule.parse("a.example:443")));
        journal.egressDenied("s1", new EgressEvent.DenialsSuppressed(NOW, 42));
        journal.egressAllowed("s1", NetworkRule.parse("[2001:db8::8]:443"));
        journal.firewallStopped("s1", 137);

        List<JsonNode> lines = lines();
        assertEquals(List.of("network.denied", "network.denied", "network.denied", "network.allowed",
                "network.firewall_stopped"),
            lines.stream().map(l -> l.path("event").asText()).toList(), "an allowance is no denial");
        JsonNode name = lines.get(0).path("data");
        assertEquals(Set.of("kind", "name", "query_type", "session_name"), JsonFields.names(name));
        assertEquals("name|evil.example|TXT|s1", String.join("|", name.path("kind").asText(),
            name.path("name").asText(), name.path("query_type").asText(), name.path("session_name").asText()));
        JsonNode connection = lines.get(1).path("data");
        assertEquals(Set.of("destination", "kind", "port", "protocol", "session_name"), JsonFields.names(connection));
        assertEquals("connection|2001:db8::7|53|udp", String.join("|", connection.path("kind").asText(),
            connection.path("destination").asText(), connection.path("port").asText(),
            connection.path("protocol").asText()));
        JsonNode suppressed = lines.get(2).path("data");
        assertEquals(Set.of("count", "kind", "session_name"), JsonFields.names(suppressed));
        assertEquals("suppressed|42", suppressed.path("kind").asText() + "|" + suppressed.path("count").asInt());
        JsonNode allowed = lines.get(3).path("data");
        assertEquals(Set.of("by", "destination", "kind", "session_name"), JsonFields.names(allowed));
        assertEquals("[2001:db8::8]:443", allowed.path("destination").asText());
        assertEquals("embedding program", allowed.path("by").asText());
        assertEquals(137, lines.get(4).path("data").path("exit_code").asInt());
    }

    /** A flood of denials writes no more than the limit, then one line saying so, and nothing after. */
    @Test
    void denialsBeyondTheLimitAreLeftOutWithOneLineSayingSo() throws IOException {
        DenialAudit audit = new DenialAudit(SessionJournal.at(state, true), "s2", 3);
        for (int i = 0; i < 10; i++) {
            audit.record(new EgressEvent.NameRefused(NOW, "n" + i + ".example", "A"));
        }
        List<JsonNode> lines = lines();
        assertEquals(List.of("network.denied", "network.denied", "network.denied", "network.denials_limited"),
            lines.stream().map(l -> l.path("event").asText()).toList());
        assertEquals("n2.example", lines.get(2).path("data").path("name").asText());
        assertEquals(3, lines.get(3).path("data").path("limit").asInt());
        assertEquals(Set.of("limit", "session_name"), JsonFields.names(lines.get(3).path("data")));
    }

    @Test
    void theGuardsOutputIsSplitIntoLinesAndOverlongOnesAreDropped() throws IOException {
        List<String> seen = new ArrayList<>();
        try (OutputStream lines = new GuardOutputLines(seen::add)) {
            lines.write("mino-egress-ready\nmino-egress-event 1 blo".getBytes(StandardCharsets.UTF_8));
            lines.write("cked tcp 10.0.0.1 80\n".getBytes(StandardCharsets.UTF_8));
            lines.write(("x".repeat(10_000) + "\nshort\n").getBytes(StandardCharsets.UTF_8));
            lines.write("no line end".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("mino-egress-ready", "mino-egress-event 1 blocked tcp 10.0.0.1 80", "short"), seen);
    }
}
