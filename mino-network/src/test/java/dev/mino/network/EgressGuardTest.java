package dev.mino.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void interceptTargetsComeBeforeTheRulesEachAfterItsFlag() {
        EgressGuard guard = EgressGuard.of(NetworkPolicy.allow("api.github.com:443", "*.example.org:8443", "10.0.0.0/8:443"))
            .intercepting(List.of(InterceptTarget.of("api.github.com"), new InterceptTarget("*.example.org", 8443),
                new InterceptTarget("git.example.org", 8443)));
        List<String> command = guard.command();
        assertEquals(List.of("guard", "--intercept", "api.github.com:443", "--intercept", "*.example.org:8443",
                "--intercept", "git.example.org:8443", "api.github.com:443", "*.example.org:8443", "10.0.0.0/8:443"),
            command.subList(4, command.size()));
        assertEquals(3, guard.intercepts().size());
    }

    @Test
    void withoutInterceptTargetsTheCommandIsAsBefore() {
        EgressGuard plain = EgressGuard.of(NetworkPolicy.allow("github.com:443"));
        assertEquals(plain.command(), plain.intercepting(List.of()).command());
        assertEquals(List.of(), plain.intercepts());
        assertFalse(plain.command().contains("--intercept"));
    }

    @Test
    void aTargetMustOverlapAnAllowRuleOnItsPort() {
        EgressGuard guard = EgressGuard.of(NetworkPolicy.allow("api.github.com:443", "*.cdn.example.org:443",
            "s3.amazonaws.com:443", "10.1.2.3:443"));
        // Overlapping: the same name, a name under a wildcard rule, a wildcard over a rule's name,
        // a wildcard under a wildcard rule, letter case and a final dot aside.
        for (InterceptTarget ok : List.of(InterceptTarget.of("API.github.com."), InterceptTarget.of("img.cdn.example.org"),
            InterceptTarget.of("*.amazonaws.com"), InterceptTarget.of("*.eu.cdn.example.org"),
            InterceptTarget.of("*.cdn.example.org"))) {
            assertEquals(List.of(ok), guard.intercepting(List.of(ok)).intercepts());
        }
        for (InterceptTarget refused : List.of(InterceptTarget.of("github.com"), new InterceptTarget("api.github.com", 80),
            InterceptTarget.of("cdn.example.org"), InterceptTarget.of("*.github.com.evil.example"),
            InterceptTarget.of("xapi.github.com"))) {
            NetworkPolicyException e = assertThrows(NetworkPolicyException.class,
                () -> guard.intercepting(List.of(refused)), refused.toString());
            assertTrue(e.getMessage().contains(refused.toString()) && e.getMessage().contains("not allowed"),
                e.getMessage());
            assertTrue(e.hint().contains("Allow it"), e.hint());
        }
    }

    @Test
    void aTargetIsANameOrWildcardWithAValidPort() {
        assertEquals(443, InterceptTarget.of("api.github.com").port());
        assertEquals("*.example.org:8443", new InterceptTarget("*.example.org", 8443).toString());
        for (String host : List.of("", "10.0.0.1", "2001:db8::1", "10.0.0.0/8", "a b.example", "-x.example", "*.com",
            "a.*.example", "$(id).example", "x".repeat(300))) {
            NetworkPolicyException e = assertThrows(NetworkPolicyException.class, () -> InterceptTarget.of(host), host);
            assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("intercepted host"), e.getMessage());
            assertFalse(e.hint().isEmpty());
        }
        for (int port : new int[] {0, -1, 65536}) {
            assertThrows(NetworkPolicyException.class, () -> new InterceptTarget("api.github.com", port));
        }
        assertThrows(NullPointerException.class, () -> InterceptTarget.of(null));
    }

    @Test
    void theProxyPathConstantsAreTheGuardsOwn() {
        String source = EgressGuard.source();
        assertTrue(source.contains("RELAY_PORT = " + EgressGuard.RELAY_PORT));
        assertTrue(source.contains("PROXY_DIR = '" + EgressGuard.PROXY_FOLDER + "'"));
        assertTrue(source.contains("PROXY_DIR + '/" + EgressGuard.PROXY_SOCKET + "'"));
        assertTrue(source.contains("PROXY_DIR + '/" + EgressGuard.UPSTREAM_SOCKET + "'"));
        assertTrue(source.contains("'" + EgressGuard.RELAY_LINE_PREFIX + " %s %d\\n'"));
        assertTrue(source.contains("words[0] != '" + EgressGuard.CONNECT_WORD + "'"));
        assertTrue(source.contains("b'" + EgressGuard.CONNECT_OK + "\\n'"));
        assertTrue(source.contains("('" + EgressGuard.CONNECT_ERROR + " ' + reason)"));
        assertTrue(source.contains("MAX_LINE = " + EgressGuard.MAX_LINE_BYTES));
        assertTrue(source.contains("MAX_PROXIED = " + EgressGuard.MAX_PROXIED_CONNECTIONS));
        assertTrue(source.contains("EXIT_RELAY_FAILED = " + EgressGuard.EXIT_RELAY_FAILED));
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
