package dev.mino.core.sandbox;

import static dev.mino.core.testing.EgressTestbed.API;
import static dev.mino.core.testing.EgressTestbed.LATER;
import static dev.mino.core.testing.EgressTestbed.MOVING;
import static dev.mino.core.testing.EgressTestbed.OTHER_PORT;
import static dev.mino.core.testing.EgressTestbed.PORT;
import static dev.mino.core.testing.EgressTestbed.SECRET;
import static dev.mino.core.testing.EgressTestbed.WILDCARD_DOMAIN;
import static dev.mino.core.testing.EgressTestbed.WILDCARD_NAME;
import static dev.mino.core.testing.EgressTestbed.ZONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxListener;
import dev.mino.core.internal.state.AuditLog;
import dev.mino.core.testing.EgressProbe;
import dev.mino.core.testing.EgressTestbed;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestNetwork;
import dev.mino.core.testing.TestPodman;
import dev.mino.network.EgressEvent;
import dev.mino.network.EgressGuard;
import dev.mino.network.NetworkPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Egress by name on the real Podman: the sandbox's only resolver is its egress guard, which
 * answers allowed names (exact and below a wildcard) from the test's own upstream DNS server and
 * admits their addresses, refuses every other name without asking anyone, follows an address that
 * changes, reports what it denies, and opens a destination while the sandbox runs. Everything
 * talks to the servers of an {@link EgressTestbed}; the first test is the control that every
 * server answers every probe where no policy is in the way.
 */
@RequiresPodman
@Timeout(180)
class EgressIT extends EgressTestBase {
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(10);
    private final List<EgressEvent> events = new CopyOnWriteArrayList<>();

    EgressIT() {
        super("egress");
    }

    @BeforeEach
    void noEventsYet() {
        events.clear();
    }

    @Override
    SandboxListener listener() {
        return new SandboxListener() {
            @Override
            public void onEgressEvent(EgressEvent event) {
                events.add(event);
            }
        };
    }

    /** An allowlisted sandbox, started. */
    private Sandbox start(String... rules) {
        return guarded(rules).start();
    }

    private static Set<String> resolve(Sandbox sb, String name) {
        return Set.of(EgressProbe.run(sb, "resolve", name).split(" "));
    }

    private static void assertNotResolved(Sandbox sb, String name) {
        assertBlocked(EgressProbe.run(sb, "resolve", name), name + " through the sandbox's resolver");
        assertEquals("rcode=5", EgressProbe.run(sb, "dns", "udp", "127.0.0.1", name, "A"),
            name + ": the guard answers REFUSED, with no address");
    }

    private static Set<String> addresses(TestNetwork.WebServer server) {
        return Set.of(server.ipv4(), server.ipv6());
    }

    @Test
    void theControlWithoutAPolicyEveryServerAnswersOnBothPortsAndFamilies() {
        try (Sandbox sb = builder().network(NetworkPolicy.bridge()).start()) {
            for (TestNetwork.WebServer server : List.of(bed.a(), bed.b(), bed.c())) {
                for (int port : List.of(PORT, OTHER_PORT)) {
                    assertEquals(server.text(), fetch(sb, server.ipv4(), port), server.v4(port));
                    assertEquals(server.text(), fetch(sb, server.ipv6(), port), server.v6(port));
                }
            }
            // The zone has every name the tests refuse: asked straight, the server that is nobody's
            // resolver (the upstream's twin; the upstream itself must never see these) answers them.
            for (String name : List.of(SECRET, WILDCARD_DOMAIN, LATER)) {
                assertTrue(EgressProbe.run(sb, "dns", "udp", bed.rogue().ipv4(), name, "A").startsWith("rcode=0 "),
                    name);
            }
        }
    }

    @Test
    void allowedAndWildcardNamesResolveAndConnectAndNoOtherNameEverReachesTheUpstream() {
        String tunnel = "c2VjcmV0LWRhdGEtMQ." + bed.network().run() + ".exfil." + ZONE;
        try (Sandbox sb = start(rule(API, PORT), rule("*." + WILDCARD_DOMAIN, PORT))) {
            assertEquals(addresses(bed.a()), resolve(sb, API));
            assertEquals("from-a", fetch(sb, API, PORT));
            ExecResult getent = sb.exec("getent", "hosts", API);
            assertTrue(getent.stdout().contains(" " + API), "the C library's own look-up: " + getent.stdout());
            assertEquals(2, sb.exec("getent", "hosts", SECRET).exitCode(), "getent finds no " + SECRET);
            assertEquals(addresses(bed.b()), resolve(sb, WILDCARD_NAME));
            assertEquals("from-b", fetch(sb, WILDCARD_NAME, PORT));

            assertNotResolved(sb, SECRET);
            assertNotResolved(sb, WILDCARD_DOMAIN);
            assertNotResolved(sb, tunnel);
            assertEquals("rcode=5", EgressProbe.run(sb, "dns", "tcp", "127.0.0.1", tunnel, "TXT"), "TXT over TCP");

            assertBlocked(fetch(sb, API, OTHER_PORT), "an allowed name on a port its rule leaves out");
            assertBlocked(fetch(sb, bed.c().ipv4(), PORT), "the address of a refused name");
            assertBlocked(fetch(sb, bed.c().ipv6(), PORT), "the IPv6 address of a refused name");
        }
        // The control: the upstream's log shows the names the guard forwarded.
        assertTrue(bed.upstream().sawQueryFor(API), bed.upstream().queriesSeen().toString());
        assertTrue(bed.upstream().sawQueryFor(WILDCARD_NAME));
        for (String name : List.of(SECRET, WILDCARD_DOMAIN, tunnel)) {
            assertFalse(bed.upstream().sawQueryFor(name), name + " reached the upstream: "
                + bed.upstream().queriesSeen());
        }
    }

    @Test
    void anUpstreamResolverReachedOverIpv6ServesTheAllowedNamesAlike() {
        try (Sandbox sb = builder().firewallImage(TestPodman.DEBIAN_IMAGE).upstreamDns(bed.upstream().ipv6())
            .network(NetworkPolicy.allow(rule(API, PORT))).start()) {
            assertEquals(addresses(bed.a()), resolve(sb, API));
            assertEquals("from-a", fetch(sb, API, PORT));
            assertNotResolved(sb, SECRET);
            assertBlocked(EgressProbe.run(sb, "dns", "udp", bed.upstream().ipv6(), API, "A"),
                "the upstream straight from the sandbox");
        }
        assertTrue(bed.upstream().queriesSeen().stream().anyMatch(q -> q.name().equals(API)
            && q.client().contains(":")), "the guard asked over IPv6: " + bed.upstream().queriesSeen());
        assertFalse(bed.upstream().sawQueryFor(SECRET), bed.upstream().queriesSeen().toString());
    }

    @Test
    void whenTheUpstreamMovesAnAllowedNameTheNewAddressWorksOnceTheOldAnswerExpired() throws InterruptedException {
        try (Sandbox sb = start(rule(MOVING, PORT))) {
            assertEquals(addresses(bed.a()), resolve(sb, MOVING));
            assertEquals("from-a", fetch(sb, MOVING, PORT));
            assertBlocked(fetch(sb, bed.c().ipv4(), PORT), "C before the name moves there");

            bed.upstream().setAddress(MOVING, bed.c().ipv4(), bed.c().ipv6());
            try {
                Thread.sleep(bed.upstream().ttl().plusMillis(500).toMillis());
                assertEquals(addresses(bed.c()), resolve(sb, MOVING));
                assertEquals("from-c", fetch(sb, MOVING, PORT));
                assertEquals("from-c", fetch(sb, bed.c().ipv4(), PORT));
                assertEquals("from-c", fetch(sb, bed.c().ipv6(), PORT));
                assertBlocked(fetch(sb, bed.c().ipv4(), OTHER_PORT), "the new address on another port");
                // The old address stays admitted a while (at least EgressGuard.MIN_ADMIT_SECONDS), so
                // connections a client opens from an answer it still holds keep working.
                assertTrue(EgressGuard.MIN_ADMIT_SECONDS > bed.upstream().ttl().toSeconds() + 5);
                assertEquals("from-a", fetch(sb, bed.a().ipv4(), PORT));
            } finally {
                bed.upstream().setAddress(MOVING, bed.a().ipv4(), bed.a().ipv6());
            }
        }
    }

    @Test
    void blockedConnectionsAndRefusedNamesArriveAsEventsAndInTheAuditLog() throws IOException {
        try (Sandbox sb = start(rule(API, PORT))) {
            assertEquals("from-a", fetch(sb, API, PORT));
            assertNotResolved(sb, SECRET);
            assertBlocked(fetch(sb, bed.c().ipv4(), PORT), "C over IPv4");
            assertBlocked(fetch(sb, bed.c().ipv6(), PORT), "C over IPv6");
            assertBlocked(fetch(sb, bed.a().ipv4(), OTHER_PORT), "A on another port");

            awaitEvent("the refused name", e -> e instanceof EgressEvent.NameRefused r && r.name().equals(SECRET)
                && Set.of("A", "AAAA").contains(r.queryType()));
            awaitEvent("C over IPv4", blocked("tcp", bed.c().ipv4(), PORT));
            awaitEvent("C over IPv6", blocked("tcp", bed.c().ipv6(), PORT));
            awaitEvent("A on another port", blocked("tcp", bed.a().ipv4(), OTHER_PORT));
            assertTrue(events.stream().noneMatch(blocked("tcp", bed.a().ipv4(), PORT)),
                "the allowed connection is no denial: " + events);
            assertTrue(events.stream().noneMatch(e -> e instanceof EgressEvent.NameRefused r && r.name().equals(API)),
                "the allowed name is no denial: " + events);
        }
        List<JsonNode> audit = auditLines();
        assertAudited(audit, AuditLog.NETWORK_DENIED, Map.of("kind", "name", "name", SECRET));
        assertAudited(audit, AuditLog.NETWORK_DENIED, Map.of("kind", "connection", "protocol", "tcp",
            "destination", bed.c().ipv4(), "port", Integer.toString(PORT)));
        assertAudited(audit, AuditLog.NETWORK_DENIED, Map.of("kind", "connection", "protocol", "tcp",
            "destination", bed.a().ipv4(), "port", Integer.toString(OTHER_PORT)));
    }

    @Test
    void allowEgressWhileTheSandboxRunsOpensExactlyThatDestination() throws IOException {
        try (Sandbox sb = start(rule(API, PORT))) {
            assertBlocked(fetch(sb, bed.c().ipv4(), PORT), "C before it is allowed");

            assertEquals(rule(bed.c().ipv4(), PORT), sb.allowEgress(rule(bed.c().ipv4(), PORT)).rule().toString());
            assertEquals("from-c", fetch(sb, bed.c().ipv4(), PORT));
            assertBlocked(fetch(sb, bed.c().ipv4(), OTHER_PORT), "another port of the allowed address");
            assertBlocked(fetch(sb, bed.c().ipv6(), PORT), "the same server's IPv6 address");
            assertBlocked(fetch(sb, bed.b().ipv4(), PORT), "another server");

            assertNotResolved(sb, LATER);
            assertFalse(bed.upstream().sawQueryFor(LATER), "refused before it is allowed");
            assertEquals(rule(LATER, PORT), sb.allowEgress(rule(LATER, PORT)).rule().toString());
            assertEquals(addresses(bed.b()), resolve(sb, LATER));
            assertEquals("from-b", fetch(sb, LATER, PORT));
            assertBlocked(fetch(sb, LATER, OTHER_PORT), "the allowed name on another port");
            assertNotResolved(sb, SECRET);

            awaitEvent("the address allowed", allowed(rule(bed.c().ipv4(), PORT)));
            awaitEvent("the name allowed", allowed(rule(LATER, PORT)));
        }
        List<JsonNode> audit = auditLines();
        assertAudited(audit, AuditLog.NETWORK_ALLOWED, Map.of("destination", rule(bed.c().ipv4(), PORT)));
        assertAudited(audit, AuditLog.NETWORK_ALLOWED, Map.of("destination", rule(LATER, PORT)));
    }

    @Test
    void rangeRulesAdmitEveryServerOfTheNetworkOnTheirPortOnly() {
        try (Sandbox sb = start(bed.network().ipv4Subnet() + ":" + PORT,
            "[" + bed.network().ipv6Subnet() + "]:" + PORT)) {
            for (TestNetwork.WebServer server : List.of(bed.a(), bed.b(), bed.c())) {
                assertEquals(server.text(), fetch(sb, server.ipv4(), PORT), server.v4(PORT));
                assertEquals(server.text(), fetch(sb, server.ipv6(), PORT), server.v6(PORT));
                assertBlocked(fetch(sb, server.ipv4(), OTHER_PORT), server.v4(OTHER_PORT));
                assertBlocked(fetch(sb, server.ipv6(), OTHER_PORT), server.v6(OTHER_PORT));
            }
            assertNotResolved(sb, API);
        }
    }

    private static Predicate<EgressEvent> blocked(String protocol, String address, int port) {
        return e -> e instanceof EgressEvent.ConnectionBlocked b && b.protocol().equals(protocol)
            && sameAddress(b.address(), address) && b.port() == port;
    }

    private static Predicate<EgressEvent> allowed(String rule) {
        return e -> e instanceof EgressEvent.DestinationAllowed a && a.rule().toString().equals(rule);
    }

    private static boolean sameAddress(String one, String other) {
        try {
            return InetAddress.getByName(one).equals(InetAddress.getByName(other));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void awaitEvent(String what, Predicate<EgressEvent> matches) {
        long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        while (events.stream().noneMatch(matches)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no event for " + what + " within " + EVENT_TIMEOUT.toSeconds() + " s: "
                    + events);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
