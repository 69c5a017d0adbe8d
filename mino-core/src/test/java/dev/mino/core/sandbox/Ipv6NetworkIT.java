package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.internal.podman.DualStackNetworks;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.testing.Prerequisites;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestPodman;
import dev.mino.network.EgressEvent;
import dev.mino.network.NetworkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Egress over IPv6: the egress guard's rules hold for IPv6 like for IPv4. Traffic goes only
 * to two web servers this test starts on a dual-stack Podman network it creates: A (port 8080)
 * and B (port 8081), each with an IPv4 and an IPv6 address. Every blocked probe has a control:
 * the same probe from a bridge sandbox on the same network reaches A over IPv6, and a closed port
 * there is refused at once, so "blocked" is the policy, not a missing route.
 */
@RequiresPodman
@Timeout(240)
class Ipv6NetworkIT extends SandboxFolders {
    private static final Map<String, String> TEST_LABELS = Map.of("dev.mino.test", "true");
    /** How long a probe may wait for an answer. */
    private static final String PROBE_SECONDS = "3";
    private static PodmanClient podman;
    private static String network;
    private static String serverA;
    private static String serverB;
    private static Addresses addressA;
    private static Addresses addressB;


    /** A server's addresses on the test network. */
    private record Addresses(String v4, String v6) {
    }

    @BeforeAll
    static void startServers() throws IOException {
        Path disabled = Path.of("/proc/sys/net/ipv6/conf/all/disable_ipv6");
        Prerequisites.require(Files.exists(disabled) && Files.readString(disabled).strip().equals("0"),
            "IPv6 in the host's kernel, for a dual-stack Podman network");
        podman = TestPodman.newClient();
        String run = UUID.randomUUID().toString().substring(0, 8);
        network = "mino-it-net6-" + run;
        DualStackNetworks.create(podman.address(), network, TEST_LABELS);
        serverA = "mino-it-a6-" + run;
        serverB = "mino-it-b6-" + run;
        addressA = startServer(serverA, 8080, "from-A");
        addressB = startServer(serverB, 8081, "from-B");
    }

    private static Addresses startServer(String name, int port, String text) {
        String id = podman.containers().create(Map.of(
            "name", name,
            "image", TestPodman.BUSYBOX_IMAGE,
            "command", List.of("sh", "-c", "mkdir -p /www && echo " + text + " > /www/index.html && exec httpd -f -p "
                + port + " -h /www"),
            "labels", TEST_LABELS,
            "netns", Map.of("nsmode", "bridge"),
            "Networks", Map.of(network, Map.of()))).id();
        podman.containers().start(id);
        JsonNode settings = podman.containers().inspect(id).orElseThrow().raw().path("NetworkSettings")
            .path("Networks").path(network);
        Addresses addresses = new Addresses(settings.path("IPAddress").asText(),
            settings.path("GlobalIPv6Address").asText());
        assertTrue(addresses.v6().contains(":"), "the server has an IPv6 address: " + settings);
        return addresses;
    }

    @AfterAll
    static void stopServers() {
        if (podman == null) {
            return;
        }
        try {
            podman.containers().remove(serverA, true);
            podman.containers().remove(serverB, true);
            podman.networks().remove(network, true);
        } finally {
            podman.close();
        }
    }

    private SandboxBuilder builder() {
        return Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE).project(project)
            .stateDirectory(state).podmanNetwork(network).firewallImage(TestPodman.DEBIAN_IMAGE)
            .command("sleep", "300");
    }

    private static ExecResult fetch(Sandbox sb, String host, int port) {
        String address = host.contains(":") ? "[" + host + "]" : host;
        return sb.exec("timeout", PROBE_SECONDS, "wget", "-qO-", "http://" + address + ":" + port + "/");
    }

    /**
     * None of the probes got through, and the egress guard reported each one as a blocked
     * connection: "blocked" is the policy, not a closed port or a missing route (the guard rejects
     * at once, so a probe fails quickly either way). They run side by side.
     *
     * @param destinations {@code host:port}, an IPv6 host in brackets
     */
    private static void assertBlocked(Sandbox sb, String... destinations) throws InterruptedException {
        StringBuilder script = new StringBuilder();
        for (String destination : destinations) {
            script.append("(timeout ").append(PROBE_SECONDS).append(" wget -qO- http://").append(destination)
                .append("/ >/dev/null 2>&1; echo \"").append(destination).append(" $?\") & ");
        }
        script.append("wait");
        ExecResult result = sb.exec("sh", "-c", script.toString());
        for (String line : result.stdout().lines().toList()) {
            assertFalse(line.endsWith(" 0"), "a probe got through: " + result.stdout());
        }
        assertEquals(destinations.length, result.stdout().lines().count(), result.stdout() + result.stderr());
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        List<String> reported = List.of();
        while (System.nanoTime() < deadline) {
            reported = sb.egressEvents().stream().filter(e -> e instanceof EgressEvent.ConnectionBlocked)
                .map(e -> ((EgressEvent.ConnectionBlocked) e).destination()).toList();
            if (reported.containsAll(List.of(destinations))) {
                return;
            }
            Thread.sleep(50);
        }
        assertEquals(Stream.of(destinations).sorted().toList(), reported.stream().distinct().sorted().toList(),
            "each probe was reported blocked by the egress guard");
    }

    private static String v6(Addresses server, int port) {
        return "[" + server.v6() + "]:" + port;
    }

    private static String v4(Addresses server, int port) {
        return server.v4() + ":" + port;
    }

    private static void assertServed(Sandbox sb, String host, int port, String text) {
        ExecResult result = fetch(sb, host, port);
        assertEquals(text + "\n", result.stdout(), host + " port " + port + ": " + result.stderr());
    }

    @Test
    void theControlABridgeSandboxOnTheNetworkReachesBothServersOverIpv6() {
        try (Sandbox sb = builder().network(NetworkPolicy.bridge()).start()) {
            assertServed(sb, addressA.v6(), 8080, "from-A");
            assertServed(sb, addressB.v6(), 8081, "from-B");
            ExecResult closed = fetch(sb, addressA.v6(), 8081);
            assertTrue(closed.stderr().contains("Connection refused"), "a closed port answers: " + closed.stderr());
        }
    }

    @Test
    void anIpv4AllowlistOpensNothingOverIpv6() throws InterruptedException {
        try (Sandbox sb = builder().network(NetworkPolicy.allow(addressA.v4() + ":8080")).start()) {
            assertServed(sb, addressA.v4(), 8080, "from-A");
            // The same server and port, over IPv6: the IPv4 rule opens only IPv4.
            assertBlocked(sb, v6(addressA, 8080), v6(addressB, 8081));
        }
    }

    /**
     * An IPv6 rule opens its destination (the guard lets neighbour discovery through, without
     * which no IPv6 neighbour is ever resolved) and no other IPv6 destination, no other port, and
     * nothing over IPv4.
     */
    @Test
    void anIpv6AllowlistOpensNoOtherDestinationPortOrFamily() throws InterruptedException {
        try (Sandbox sb = builder().network(NetworkPolicy.allow("[" + addressA.v6() + "]:8080")).start()) {
            assertServed(sb, addressA.v6(), 8080, "from-A");
            assertBlocked(sb, v6(addressB, 8081), v4(addressB, 8081), v6(addressA, 8081), v4(addressA, 8080));
        }
    }

    @Test
    void noneHasNoIpv6RouteAtAll() {
        try (Sandbox sb = builder().network(NetworkPolicy.none()).start()) {
            ExecResult result = fetch(sb, addressA.v6(), 8080);
            assertEquals("", result.stdout());
            assertTrue(result.stderr().contains("Network is unreachable"), "exit " + result.exitCode() + ": "
                + result.stderr());
            ExecResult links = sb.exec("ip", "-o", "link");
            assertEquals(List.of("lo"), links.stdout().lines().map(l -> l.split(": ")[1].split("@")[0]).toList(),
                links.stdout());
        }
        // The control: the same probe from a bridge sandbox on the network.
        try (Sandbox sb = builder().network(NetworkPolicy.bridge()).start()) {
            assertServed(sb, addressA.v6(), 8080, "from-A");
        }
    }
}
