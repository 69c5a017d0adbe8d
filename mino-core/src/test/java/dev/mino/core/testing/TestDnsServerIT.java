package dev.mino.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.internal.podman.PodmanClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The DNS server the egress tests use as their upstream does what they rely on: it answers its
 * zone over UDP and TCP, IPv4 and IPv6, changes an answer when told, and logs every query it gets.
 * The client is a plain container on the same network, with no policy in the way.
 */
@RequiresPodman
@Timeout(120)
class TestDnsServerIT {
    private static PodmanClient podman;
    private static TestNetwork network;
    private static TestDnsServer dns;
    private static String client;

    @BeforeAll
    static void start() {
        podman = TestPodman.newClient();
        network = TestNetwork.dualStack(podman, "dnsfix");
        dns = TestDnsServer.start(network, "dns", "fixture.test", 1);
        client = network.start("client", TestPodman.DEBIAN_IMAGE, List.of("sleep", "300")).id();
    }

    @AfterAll
    static void stop() {
        try {
            if (network != null) {
                network.close();
            }
        } finally {
            podman.close();
        }
    }

    private static String ask(String protocol, String server, String name, String type) {
        return EgressProbe.run(network, client, "dns", protocol, server, name, type);
    }

    @Test
    void itAnswersItsZoneOverUdpAndTcpOnBothFamiliesAndNothingElse() {
        dns.setAddress("api.fixture.test", "10.1.2.3", "fd00::3");
        for (String server : List.of(dns.ipv4(), dns.ipv6())) {
            for (String protocol : List.of("udp", "tcp")) {
                String how = protocol + " to " + server;
                assertEquals("rcode=0 10.1.2.3", ask(protocol, server, "api.fixture.test", "A"), how);
                assertEquals("rcode=0 fd00::3", ask(protocol, server, "api.fixture.test", "AAAA"), how);
            }
        }
        assertEquals("rcode=3", ask("udp", dns.ipv4(), "nothing-here.fixture.test", "A"), "NXDOMAIN inside the zone");
        assertEquals("rcode=5", ask("udp", dns.ipv4(), "example.org", "A"), "REFUSED outside it");
    }

    @Test
    void aChangedAddressIsAnsweredAtOnce() {
        dns.setAddress("moving.fixture.test", "10.1.2.4");
        assertEquals("rcode=0 10.1.2.4", ask("udp", dns.ipv4(), "moving.fixture.test", "A"));
        dns.setAddress("moving.fixture.test", "10.1.2.5");
        assertEquals("rcode=0 10.1.2.5", ask("udp", dns.ipv4(), "moving.fixture.test", "A"));
        dns.setAddress("moving.fixture.test");
        assertEquals("rcode=3", ask("udp", dns.ipv4(), "moving.fixture.test", "A"), "removed");
        assertThrows(IllegalArgumentException.class, () -> dns.setAddress("elsewhere.example", "10.1.2.6"));
    }

    @Test
    void itsLogShowsEachQueryAndOnlyThose() {
        String name = "logged-" + network.run() + ".fixture.test";
        assertFalse(dns.sawQueryFor(name));
        ask("tcp", dns.ipv6(), name, "TXT");
        List<TestDnsServer.Query> seen = dns.queriesSeen().stream().filter(q -> q.name().equals(name)).toList();
        assertEquals(1, seen.size(), seen.toString());
        assertEquals("TXT", seen.get(0).type());
        assertTrue(dns.sawQueryFor(name.toUpperCase(java.util.Locale.ROOT)));
        assertFalse(dns.sawQueryFor("never-asked.fixture.test"));
    }
}
