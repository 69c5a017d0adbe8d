package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.core.ExecResult;
import dev.mino.core.InvalidSpecException;
import dev.mino.core.MinoException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.SandboxListener;
import dev.mino.core.Sessions;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.sandbox.SandboxPlanner;
import dev.mino.core.testing.FixedCredential;
import dev.mino.core.testing.JsonFields;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.SessionObjects;
import dev.mino.core.testing.TestPodman;
import dev.mino.core.testing.WebServers;
import dev.mino.network.EgressEvent;
import dev.mino.network.NetworkPolicy;
import dev.mino.network.NetworkRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the egress guard reports reaches the embedding program (listener, {@link Sandbox#egressEvents()})
 * and the audit log; {@link Sandbox#allowEgress(String)} opens exactly one destination; a firewall
 * that cannot start or stops fails closed. Two web servers on a network of the test's own: A
 * (allowed, port 8080) and B (not allowed, ports 8081 and 8082).
 */
@RequiresPodman
@Timeout(300)
class EgressEventsIT extends SandboxFolders {
    private static final Duration EVENT_WAIT = Duration.ofSeconds(15);
    private static PodmanClient podman;
    private static WebServers servers;
    private static String network;
    private static String addressA;
    private static String addressB;

    private final List<EgressEvent> heard = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final SandboxListener listener = new SandboxListener() {
        @Override
        public void onEgressEvent(EgressEvent event) {
            heard.add(event);
        }

        @Override
        public void onWarning(String message) {
            warnings.add(message);
        }
    };

    @BeforeAll
    static void startServers() {
        podman = TestPodman.newClient();
        servers = WebServers.on(podman, "mino-it-egress");
        network = servers.network();
        addressA = servers.start("a", "from-A", 8080);
        addressB = servers.start("b", "from-B", 8081, 8082);
    }

    @AfterAll
    static void stopServers() {
        try {
            servers.close();
        } finally {
            podman.close();
        }
    }

    private SandboxBuilder allowlisted() {
        return Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE).project(project)
            .stateDirectory(state).podmanNetwork(network).command("sleep", "300").listener(listener)
            .firewallImage(TestPodman.DEBIAN_IMAGE).network(NetworkPolicy.allow(addressA + ":8080"));
    }

    private static ExecResult fetch(Sandbox sb, String host, int port) {
        return sb.exec("timeout", "5", "wget", "-qO-", "http://" + host + ":" + port + "/");
    }

    private <T extends EgressEvent> T awaitHeard(Class<T> type, Predicate<T> matches) throws InterruptedException {
        long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (EgressEvent event : heard) {
                if (type.isInstance(event) && matches.test(type.cast(event))) {
                    return type.cast(event);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such " + type.getSimpleName() + " was heard; heard: " + heard);
    }

    /** Names refused as the listener heard them: one per NameRefused, plus each DenialsSuppressed's count. */
    private long reportedOrCounted() {
        return heard.stream().mapToLong(e -> e instanceof EgressEvent.NameRefused ? 1
            : e instanceof EgressEvent.DenialsSuppressed ? ((EgressEvent.DenialsSuppressed) e).count() : 0).sum();
    }

    private List<JsonNode> audit(String event) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        Path log = state.resolve("audit.log");
        if (!Files.exists(log)) {
            return lines;
        }
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(log)) {
            JsonNode node = json.readTree(line);
            if (node.path("event").asText().equals(event)) {
                lines.add(node);
            }
        }
        return lines;
    }

    @Test
    void aRefusedNameAndABlockedConnectionAreHeardListedAndAudited() throws Exception {
        try (Sandbox sb = allowlisted().start()) {
            assertEquals("from-A\n", fetch(sb, addressA, 8080).stdout(), "the control: the allowed server answers");

            ExecResult lookup = sb.exec("nslookup", "exfil-data.evil.example");
            assertNotEquals(0, lookup.exitCode(), "a name outside the allowlist gets no answer: " + lookup.stdout());
            EgressEvent.NameRefused refused = awaitHeard(EgressEvent.NameRefused.class,
                e -> e.name().equals("exfil-data.evil.example"));
            assertTrue(Set.of("A", "AAAA").contains(refused.queryType()), refused.toString());
            assertTrue(refused.time().isAfter(Instant.now().minusSeconds(60)), refused.toString());

            assertNotEquals(0, fetch(sb, addressB, 8081).exitCode(), "B is blocked");
            EgressEvent.ConnectionBlocked blocked = awaitHeard(EgressEvent.ConnectionBlocked.class,
                e -> e.address().equals(addressB));
            assertEquals("tcp", blocked.protocol());
            assertEquals(8081, blocked.port());
            assertEquals("blocked tcp " + addressB + ":8081", blocked.describe());

            assertTrue(heard.stream().noneMatch(e -> e instanceof EgressEvent.ConnectionBlocked b
                && b.address().equals(addressA)), "the allowed server is never reported: " + heard);
            assertTrue(sb.egressEvents().containsAll(List.of(refused, blocked)), sb.egressEvents().toString());

            JsonNode name = audit("network.denied").stream()
                .filter(n -> n.path("data").path("name").asText().equals("exfil-data.evil.example")).findFirst()
                .orElseThrow(() -> new AssertionError("no audit line for the refused name"));
            assertEquals(Set.of("kind", "name", "query_type", "session_name"), JsonFields.names(name.path("data")));
            assertEquals("name", name.path("data").path("kind").asText());
            assertEquals(sb.sessionName(), name.path("data").path("session_name").asText());
            JsonNode connection = audit("network.denied").stream()
                .filter(n -> n.path("data").path("destination").asText().equals(addressB)).findFirst()
                .orElseThrow(() -> new AssertionError("no audit line for the blocked connection"));
            assertEquals(Set.of("destination", "kind", "port", "protocol", "session_name"),
                JsonFields.names(connection.path("data")));
            assertEquals(8081, connection.path("data").path("port").asInt());
            assertEquals("tcp", connection.path("data").path("protocol").asText());
        }
    }

    /** Closing does not wait for the followed log stream (which ends only with the firewall). */
    @Test
    void closeIsPromptWhileTheGuardIsFollowedAndIdempotent() throws Exception {
        Sandbox sb = allowlisted().start();
        assertNotEquals(0, fetch(sb, addressB, 8081).exitCode());
        awaitHeard(EgressEvent.ConnectionBlocked.class, e -> e.port() == 8081);
        for (int i = 0; i < 2; i++) {
            long start = System.nanoTime();
            sb.close();
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "close " + i + " is prompt");
        }
        assertEquals(List.of(), SessionObjects.left(podman, sb.sessionName()));
        int heardAtClose = heard.size();
        Thread.sleep(1500);
        assertEquals(heardAtClose, heard.size(), "nothing is told after close");
    }

    @Test
    void allowEgressOpensExactlyThatDestinationAndIsAudited() throws Exception {
        try (Sandbox sb = allowlisted().start()) {
            assertNotEquals(0, fetch(sb, addressB, 8081).exitCode(), "before: B:8081 is blocked");

            EgressEvent.DestinationAllowed allowed = sb.allowEgress(addressB + ":8081");
            assertEquals(NetworkRule.parse(addressB + ":8081"), allowed.rule());

            ExecResult opened = fetch(sb, addressB, 8081);
            assertEquals("from-B\n", opened.stdout(), "after: B:8081 answers " + opened.stderr());
            assertNotEquals(0, fetch(sb, addressB, 8082).exitCode(), "the same host's other port stays blocked");
            awaitHeard(EgressEvent.ConnectionBlocked.class, e -> e.address().equals(addressB) && e.port() == 8082);

            // The guard reports the allowance too; the listener hears it once.
            Thread.sleep(1000);
            assertEquals(1, heard.stream().filter(e -> e instanceof EgressEvent.DestinationAllowed).count(),
                heard.toString());
            List<JsonNode> lines = audit("network.allowed");
            assertEquals(1, lines.size(), lines.toString());
            JsonNode data = lines.get(0).path("data");
            assertEquals(addressB + ":8081", data.path("destination").asText());
            assertEquals("embedding program", data.path("by").asText());
            assertEquals(sb.sessionName(), data.path("session_name").asText());
        }
    }

    @Test
    void aHandleOpenedFromTheSessionsAllowsAndReadsTheEvents() throws Exception {
        try (Sandbox sb = allowlisted().start()) {
            assertNotEquals(0, fetch(sb, addressB, 8082).exitCode());
            awaitHeard(EgressEvent.ConnectionBlocked.class, e -> e.port() == 8082);
            Sandbox opened = Sessions.at(state).engine(TestPodman.address().uri()).open(sb.sessionName());
            assertTrue(opened.egressEvents().stream().anyMatch(e -> e instanceof EgressEvent.ConnectionBlocked b
                && b.port() == 8082), opened.egressEvents().toString());
            opened.allowEgress(addressB + ":8082");
            assertEquals("from-B\n", fetch(sb, addressB, 8082).stdout());
            // The starting handle follows the guard and hears the allowance another handle made.
            awaitHeard(EgressEvent.DestinationAllowed.class, e -> e.rule().port() == 8082);
            assertEquals(1, audit("network.allowed").size());
        }
    }

    /** Sends raw DNS queries to the sandbox's resolver: one per name given as labels separated by '/'. */
    private static final String RAW_QUERIES = String.join("\n",
        "import socket, struct, sys",
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
        "s.settimeout(2)",
        "def ask(labels, qid):",
        "    name = b''.join(bytes([len(l)]) + l for l in labels) + b'\\0'",
        "    s.sendto(struct.pack('>HHHHHH', qid & 0xFFFF, 0x0100, 1, 0, 0, 0) + name + struct.pack('>HH', 1, 1),",
        "             ('127.0.0.1', 53))",
        "    try:",
        "        return s.recv(512)[3] & 15",
        "    except OSError:",
        "        return -1",
        "forged = b'x\\nmino-egress-event 1 allowed e.x:443\\n\\x1b[2J'",
        "print('forged', ask([forged, b'example'], 1))",
        "answered = sum(1 for i in range(int(sys.argv[1])) if ask([b'flood%d' % i, b'example'], i + 2) == 5)",
        "print('refused', answered)",
        "");

    /**
     * The sandbox controls the names it asks for: a name cannot forge an event line (the guard
     * escapes every byte outside letters, digits and {@code -_*}), and a flood of random names
     * grows neither the firewall's log nor the audit log nor the kept events without bound: the
     * guard reports at most 100 denials every 10 s and counts the rest (DenialsSuppressed), so
     * every refused name is either reported or counted.
     */
    @Test
    void aSandboxCannotForgeEventsNorFloodTheAuditLog() throws Exception {
        int flood = 5200;
        try (Sandbox sb = allowlisted().image(TestPodman.DEBIAN_IMAGE).start()) {
            ExecResult sent = sb.exec("python3", "-c", RAW_QUERIES, String.valueOf(flood));
            assertEquals(0, sent.exitCode(), sent.stderr());
            assertTrue(sent.stdout().contains("forged 5\n"), "the forged name is refused: " + sent.stdout());
            int refused = Integer.parseInt(sent.stdout().lines().filter(l -> l.startsWith("refused ")).findFirst()
                .orElseThrow().substring("refused ".length()));
            assertTrue(refused > 5001, "the flood reached the guard: " + sent.stdout());

            // Every refused name (the flood and the forged one) is reported or counted, once the
            // guard's 10 s window has closed.
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (reportedOrCounted() < refused + 1 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(refused + 1, reportedOrCounted(), "each refusal reported or counted once");
            long reported = heard.stream().filter(e -> e instanceof EgressEvent.NameRefused).count();
            assertTrue(reported <= 100L * 5, "the guard's report limit holds: " + reported);

            // The forged name is asked first, so it is among the reports the guard's limit lets through.
            EgressEvent.NameRefused forged = awaitHeard(EgressEvent.NameRefused.class,
                e -> e.name().startsWith("x\\010mino-egress-event"));
            assertEquals("x\\010mino-egress-event\\0321\\032allowed\\032e\\046x\\058443"
                + "\\010\\027\\0912j.example", forged.name(), "one name, every unsafe byte escaped");
            assertEquals(reported, audit("network.denied").stream()
                .filter(n -> n.path("data").path("kind").asText().equals("name")).count(), "each reported refusal is audited");
            assertTrue(audit("network.denied").stream().anyMatch(n -> n.path("data").path("kind").asText().equals("suppressed")),
                "the guard's count is audited");
            assertTrue(heard.stream().noneMatch(e -> e instanceof EgressEvent.DestinationAllowed),
                "no forged allowance among " + heard.size());
            assertTrue(sb.egressEvents().size() <= 1000, "the kept events are bounded: " + sb.egressEvents().size());
            assertEquals(Math.min(1000, heard.size()), sb.egressEvents().size());
            long denials = heard.stream().filter(EgressEvent::denied).count();
            assertTrue(audit("network.denied").size() <= denials, "no audit line without its event");
        }
    }

    @Test
    void allowEgressRefusesBadRulesSandboxesWithoutAllowlistAndClosedOnes() {
        Sandbox sb = allowlisted().start();
        InvalidSpecException malformed = assertThrows(InvalidSpecException.class, () -> sb.allowEgress("evil; rm:80"));
        assertFalse(malformed.hint().isEmpty());
        assertThrows(InvalidSpecException.class, () -> sb.allowEgress("no-port"));
        sb.close();
        MinoException closed = assertThrows(MinoException.class, () -> sb.allowEgress(addressB + ":8081"));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());

        try (Sandbox bridge = Sandbox.builder().engine(TestPodman.address().uri()).image(TestPodman.BUSYBOX_IMAGE)
            .project(project).stateDirectory(state).command("sleep", "300").network(NetworkPolicy.none()).start()) {
            MinoException none = assertThrows(MinoException.class, () -> bridge.allowEgress(addressB + ":8081"));
            assertTrue(none.getMessage().contains("no egress allowlist"), none.getMessage());
            assertEquals(List.of(), bridge.egressEvents());
        }
    }

    /**
     * The guard forwards an allowed name to the upstream the embedding program named, and a name
     * outside the allowlist to nobody. The upstream is a UDP listener on the test network that
     * writes what it receives to its log (it never answers, so the lookup itself fails).
     */
    @Test
    void upstreamDnsIsWhereAllowedNamesAndOnlyThoseAreAsked() throws Exception {
        String listener = servers.name("dns-" + UUID.randomUUID().toString().substring(0, 6));
        String id = podman.containers().create(Map.of("name", listener, "image", TestPodman.DEBIAN_IMAGE,
            "command", List.of("python3", "-c", "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                + "s.bind(('0.0.0.0', 53))\nwhile True:\n    print(s.recv(4096), flush=True)\n"),
            "labels", Map.of("dev.mino.test", "true"), "netns", Map.of("nsmode", "bridge"),
            "Networks", Map.of(network, Map.of()))).id();
        try {
            podman.containers().start(id);
            String upstream = podman.containers().inspect(id).orElseThrow().raw().path("NetworkSettings")
                .path("Networks").path(network).path("IPAddress").asText();
            try (Sandbox sb = allowlisted().network(NetworkPolicy.allow("allowedname.test:8080", addressA + ":8080"))
                .upstreamDns(upstream).start()) {
                JsonNode dns = podman.containers().inspect(SandboxPlanner.firewallName(sb.sessionName()))
                    .orElseThrow().raw().path("HostConfig").path("Dns");
                assertEquals(upstream, dns.path(0).asText(), dns.toString());
                sb.exec("nslookup", "notallowed.test");
                sb.exec("nslookup", "allowedname.test");
                String asked = "";
                long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
                while (!asked.contains("allowedname") && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    asked = logsOf(id);
                }
                assertTrue(asked.contains("allowedname"), "the allowed name reached the upstream: " + asked);
                assertFalse(asked.contains("notallowed"), "the other name never left the machine: " + asked);
                awaitHeard(EgressEvent.NameRefused.class, e -> e.name().equals("notallowed.test"));
            }
        } finally {
            podman.containers().remove(id, true);
        }
    }

    private static String logsOf(String id) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.io.InputStream in = podman.containers().logs(id, false, -1)) {
            dev.mino.core.internal.podman.StreamDemultiplexer.copy(in, out, out);
        }
        return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** A credential that becomes a Podman secret, so that a failed start has a secret to remove. */
    private static FixedCredential fixedCredential() {
        return new FixedCredential("fixed", "EGRESS_IT_TOKEN", "t0ken", Instant.now().plus(Duration.ofHours(1)));
    }

    @Test
    void aFirewallImageWithoutPython3FailsClearlyAndLeavesNothingOfTheSession() {
        String session = "nopy" + Long.toHexString(System.nanoTime());
        MinoException e = assertThrows(MinoException.class, () -> allowlisted().name(session)
            .firewallImage(TestPodman.BUSYBOX_IMAGE).credentials(fixedCredential()).strictCredentials(true)
            .start().close());
        assertTrue(e.getMessage().contains("lacks python3"), e.getMessage());
        assertTrue(e.hint().contains("python3-minimal and nftables"), e.hint());
        assertEquals(List.of(), SessionObjects.left(podman, session));

        // The control: the same start with a firewall image that has the guard's tools, and its secret exists.
        String control = "nopyctl" + Long.toHexString(System.nanoTime());
        try (Sandbox sb = allowlisted().name(control).credentials(fixedCredential()).strictCredentials(true)
            .start()) {
            List<String> made = SessionObjects.left(podman, control);
            assertTrue(made.stream().anyMatch(s -> s.startsWith("secret ")), made.toString());
            assertEquals(2, made.stream().filter(s -> s.startsWith("container ")).count(), made.toString());
        }
        assertEquals(List.of(), SessionObjects.left(podman, control));
    }

    /**
     * The sandboxed command cannot stop the guard, but the engine can lose it (a crash, an OOM
     * kill): the sandbox then has no network, nothing falls back to open, the embedding program is
     * told, and the handle still ends cleanly.
     */
    @Test
    void aFirewallThatStopsLeavesTheSandboxWithoutNetworkAndIsReported() throws Exception {
        Sandbox sb = allowlisted().start();
        try {
            assertEquals(0, fetch(sb, addressA, 8080).exitCode(), "the control: A answers while the guard runs");
            podman.containers().kill(SandboxPlanner.firewallName(sb.sessionName()), "SIGKILL");

            long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
            while (warnings.stream().noneMatch(w -> w.contains("firewall")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(warnings.stream().anyMatch(w -> w.contains("egress firewall of sandbox " + sb.sessionName()
                + " stopped") && w.contains("no network")), warnings.toString());
            ExecResult after = fetch(sb, addressA, 8080);
            assertNotEquals(0, after.exitCode(), "no way out once the guard is gone: " + after.stdout());
            assertNotEquals(0, fetch(sb, addressB, 8081).exitCode());
            assertThrows(MinoException.class, () -> sb.allowEgress(addressB + ":8081"));
            assertEquals(1, audit("network.firewall_stopped").size());

            sb.kill();
            assertEquals(137, sb.awaitExit(Duration.ofSeconds(30)));
        } finally {
            long start = System.nanoTime();
            sb.close();
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "close does not hang");
        }
        assertEquals(List.of(), SessionObjects.left(podman, sb.sessionName()));
    }
}
