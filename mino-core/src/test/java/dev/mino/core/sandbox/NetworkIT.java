package dev.mino.core.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.ErrorCodes;
import dev.mino.core.ExecResult;
import dev.mino.core.FirewallImage;
import dev.mino.core.MinoException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.internal.podman.Filters;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.sandbox.SandboxPlanner;
import dev.mino.core.testing.FlagFreeText;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.SandboxFolders;
import dev.mino.core.testing.TestFirewallImage;
import dev.mino.core.testing.TestPodman;
import dev.mino.core.testing.WebServers;
import dev.mino.network.NetworkPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The network boundary on the real Podman. Traffic goes only to two web servers this test starts
 * on a Podman network it creates: A (allowed) and B (not).
 */
@RequiresPodman
@Timeout(180)
class NetworkIT extends SandboxFolders {
    private static PodmanClient podman;
    private static WebServers servers;
    private static String network;
    private static String serverA;
    private static String serverB;
    private static String addressA;
    private static String addressB;


    @BeforeAll
    static void startServers() {
        podman = TestPodman.newClient();
        servers = WebServers.on(podman, "mino-it");
        network = servers.network();
        serverA = servers.name("a");
        serverB = servers.name("b");
        addressA = servers.start("a", "from-A", 8080);
        addressB = servers.start("b", "from-B", 8081);
    }

    @AfterAll
    static void stopServers() {
        try {
            servers.close();
        } finally {
            podman.close();
        }
    }

    private SandboxBuilder builder(String image) {
        return Sandbox.builder().engine(TestPodman.address().uri()).image(image).project(project).stateDirectory(state)
            .podmanNetwork(network).command("sleep", "300");
    }

    private static ExecResult fetch(Sandbox sb, String host, int port) {
        return sb.exec("timeout", "5", "wget", "-qO-", "http://" + host + ":" + port + "/");
    }

    private List<String> containersOf(String session) {
        return podman.containers().list(new Filters().label("dev.mino.session", session), true).stream()
            .map(c -> c.names().toString()).collect(Collectors.toList());
    }

    @Test
    void anAllowlistReachesTheAllowedServerAndNothingElse() {
        try (Sandbox sb = builder(TestPodman.BUSYBOX_IMAGE).firewallImage(TestPodman.DEBIAN_IMAGE)
            .network(NetworkPolicy.allow(addressA + ":8080")).start()) {
            ExecResult allowed = fetch(sb, addressA, 8080);
            assertEquals(0, allowed.exitCode(), allowed.stderr());
            assertEquals("from-A\n", allowed.stdout());

            long start = System.nanoTime();
            ExecResult blocked = fetch(sb, addressB, 8081);
            assertNotEquals(0, blocked.exitCode(), "B must be unreachable: " + blocked.stdout());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "blocked within a bounded time");

            ExecResult otherPort = fetch(sb, addressA, 8081);
            assertNotEquals(0, otherPort.exitCode(), "only the allowed port of A");
        }
    }

    /**
     * A name is allowed through mino's resolver: the sandbox looks it up (the guard asks the
     * Podman network's DNS) and the address handed out is admitted; the address itself, never
     * looked up, is not. Another container's name on the same network gets no answer.
     */
    @Test
    void anAllowlistByNameAdmitsTheAddressesItsLookupHandsOut() {
        try (Sandbox sb = builder(TestPodman.BUSYBOX_IMAGE).firewallImage(TestPodman.DEBIAN_IMAGE)
            .network(NetworkPolicy.allow(serverA + ":8080")).start()) {
            assertNotEquals(0, fetch(sb, addressA, 8080).exitCode(), "not admitted before a lookup");
            ExecResult allowed = fetch(sb, serverA, 8080);
            assertEquals("from-A\n", allowed.stdout(), allowed.stderr());
            assertEquals("from-A\n", fetch(sb, addressA, 8080).stdout(), "admitted once handed out");
            ExecResult other = sb.exec("nslookup", serverB);
            assertNotEquals(0, other.exitCode(), "a name outside the allowlist gets no answer: " + other.stdout());
            assertNotEquals(0, fetch(sb, addressB, 8081).exitCode());
        }
    }

    @Test
    void theSandboxedCommandCannotUndoTheFirewall() {
        try (Sandbox sb = builder(TestPodman.DEBIAN_IMAGE).firewallImage(TestPodman.DEBIAN_IMAGE)
            .network(NetworkPolicy.allow(addressA + ":8080")).start()) {
            ExecResult flush = sb.exec("nft", "flush", "ruleset");
            assertNotEquals(0, flush.exitCode(), flush.stdout());
            ExecResult delete = sb.exec("nft", "delete", "table", "inet", "mino_egress");
            assertNotEquals(0, delete.exitCode(), delete.stdout());
            ExecResult policy = sb.exec("nft", "add", "rule", "inet", "mino_egress", "output", "accept");
            assertNotEquals(0, policy.exitCode());
            ExecResult flush4 = sb.exec("iptables", "-F");
            assertNotEquals(0, flush4.exitCode(), flush4.stdout());
            String capEff = sb.exec("grep", "CapEff", "/proc/self/status").stdout();
            assertTrue(capEff.contains("0000000000000000"), capEff);
            // Still blocked after the attempts; A still reachable.
            assertNotEquals(0, sb.exec("nc", "-z", "-w", "3", addressB, "8081").exitCode());
            assertEquals(0, sb.exec("nc", "-z", "-w", "3", addressA, "8080").exitCode());
        }
    }

    @Test
    void noneHasOnlyLoopbackAndBridgeReachesEveryServer() {
        try (Sandbox sb = builder(TestPodman.BUSYBOX_IMAGE).network(NetworkPolicy.none()).start()) {
            assertEquals("lo", sb.exec("ls", "/sys/class/net").stdout().strip());
        }
        try (Sandbox sb = builder(TestPodman.BUSYBOX_IMAGE).network(NetworkPolicy.bridge()).start()) {
            assertEquals("from-A\n", fetch(sb, addressA, 8080).stdout());
            assertEquals("from-B\n", fetch(sb, addressB, 8081).stdout());
        }
    }

    @Test
    void hostSharesTheHostsNetworkNamespace() throws Exception {
        List<String> hostInterfaces;
        try (Stream<Path> entries = Files.list(Path.of("/sys/class/net"))) {
            hostInterfaces = entries.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        try (Sandbox sb = builder(TestPodman.BUSYBOX_IMAGE).network(NetworkPolicy.host()).start()) {
            List<String> inside = new ArrayList<>(List.of(sb.exec("ls", "/sys/class/net").stdout().split("\\s+")));
            inside.removeIf(String::isEmpty);
            inside.sort(null);
            assertEquals(hostInterfaces, inside);
        }
    }

    @Test
    void aFirewallImageWithoutTheGuardsToolsFailsClearlyAndLeavesNothingBehind() {
        String session = "nofw" + Long.toHexString(System.nanoTime());
        MinoException e = assertThrows(MinoException.class, () -> builder(TestPodman.BUSYBOX_IMAGE).name(session)
            .firewallImage(TestPodman.BUSYBOX_IMAGE).network(NetworkPolicy.allow(addressA + ":8080")).start());
        assertTrue(e.getMessage().contains("lacks python3"), e.getMessage());
        assertTrue(e.hint().contains("Debian"), e.hint());
        assertEquals(List.of(), containersOf(session));
    }

    @Test
    void closingRemovesTheSandboxAndItsFirewall() {
        Sandbox sb = builder(TestPodman.BUSYBOX_IMAGE).firewallImage(TestPodman.DEBIAN_IMAGE)
            .network(NetworkPolicy.allow(addressA + ":8080")).start();
        String session = sb.sessionName();
        assertEquals(2, containersOf(session).size());
        sb.close();
        assertEquals(List.of(), containersOf(session));
        assertFalse(podman.containers().exists(sb.containerId()));
    }

    /** Replaces every nft and iptables an image has by a program that does nothing and succeeds. */
    private static final String POISON = String.join("\n",
        "#!/bin/sh",
        "set -e",
        "for f in /usr/sbin/nft /usr/local/sbin/nft /usr/sbin/iptables /usr/sbin/ip6tables /usr/sbin/iptables-nft "
            + "/usr/sbin/ip6tables-nft /usr/sbin/xtables-nft-multi /usr/sbin/xtables-legacy-multi "
            + "/usr/local/sbin/iptables /usr/local/sbin/ip6tables; do",
        "  rm -f \"$f\"",
        "  printf '#!/bin/sh\\nexit 0\\n' > \"$f\"",
        "  chmod 755 \"$f\"",
        "done",
        "echo poisoned > /poisoned",
        "");

    /**
     * The sandbox writes the project, so it can plant a layer for the next run that replaces
     * nft (and iptables) in the image it composes. The firewall must not run from that image: it
     * runs from mino's own firewall image, pinned by id.
     */
    @Test
    void aProjectLayerThatReplacesNftDoesNotDisableTheFirewall() throws Exception {
        Path layer = Files.createDirectories(project.resolve(".mino/layers/poison"));
        Files.writeString(layer.resolve("layer.toml"), "[layer]\nname = \"poison\"\ndescription = \"planted\"\n"
            + "version = \"1\"\n");
        Files.writeString(layer.resolve("install.sh"), POISON);
        FirewallImage.Pinned pinned = TestFirewallImage.pin(state);
        String composed = null;
        try (Sandbox sb = builder(TestPodman.DEBIAN_IMAGE).baseImage(TestPodman.DEBIAN_IMAGE).layers("poison")
            .trustProjectLayers(true).network(NetworkPolicy.allow(addressA + ":8080")).start()) {
            composed = sb.spec().image();
            assertEquals("poisoned\n", sb.exec("cat", "/poisoned").stdout(), "the layer did poison the sandbox's image");

            ExecResult allowed = sb.exec("nc", "-z", "-w", "3", addressA, "8080");
            assertEquals(0, allowed.exitCode(), "the allowed server stays reachable: " + allowed.stderr());
            ExecResult blocked = sb.exec("nc", "-z", "-w", "3", addressB, "8081");
            assertNotEquals(0, blocked.exitCode(), "the firewall still blocks what the allowlist leaves out");

            String firewallImage = podman.containers().inspect(SandboxPlanner.firewallName(sb.sessionName()))
                .orElseThrow().raw().path("Image").asText();
            assertEquals(pinned.id(), firewallImage, "the firewall runs from mino's own image, pinned by its id");
        }
        try {
            // Red team: a trusted .mino.toml naming the poisoned image itself, as container.image =
            // "mino-composed-...", runs it as the sandbox; the firewall still runs mino's image.
            String poisoned = composed;
            try (Sandbox sb = builder(poisoned).network(NetworkPolicy.allow(addressA + ":8080")).start()) {
                assertEquals("poisoned\n", sb.exec("cat", "/poisoned").stdout());
                assertNotEquals(0, sb.exec("nc", "-z", "-w", "3", addressB, "8081").exitCode(), "still blocked");
                assertEquals(0, sb.exec("nc", "-z", "-w", "3", addressA, "8080").exitCode(), "still allowed");
            }
            // An embedding program naming it as the firewall image is refused before anything is created.
            MinoException refused = assertThrows(MinoException.class, () -> builder(poisoned).firewallImage(poisoned)
                .network(NetworkPolicy.allow(addressA + ":8080")).start().close());
            assertTrue(refused.getMessage().contains("was composed from layers (poison)"), refused.getMessage());
            FlagFreeText.assertCodedAndFlagFree(ErrorCodes.FIREWALL_IMAGE_COMPOSED, refused);
            try (Sandbox sb = builder(poisoned).network(NetworkPolicy.none()).start()) {
                assertEquals("poisoned\n", sb.exec("cat", "/poisoned").stdout(),
                    "the positive control: the image itself runs where no firewall is needed");
            }
        } finally {
            if (composed != null && composed.startsWith("mino-composed-")) {
                podman.images().remove(composed, true);
            }
            TestFirewallImage.remove(podman, pinned);
        }
    }

    /**
     * An nft that answers as if it worked and sets nothing (an embedder's image gone wrong,
     * or a backend that does not reach the sandbox's namespace) must not let the sandbox start
     * unguarded: the guard reads its rules back and refuses. The control: the same allowlist
     * with Debian's own nft starts and blocks what it leaves out.
     */
    @Test
    void aFirewallWhoseRulesDoNotTakeEffectFailsTheStartAndLeavesNothingBehind() {
        String tag = "localhost/mino-it-noop-nft-" + UUID.randomUUID().toString().substring(0, 8) + ":latest";
        String id = podman.images().build(new java.io.ByteArrayInputStream(dev.mino.core.internal.podman.TestTar.of(
                Map.of("Containerfile", "FROM " + TestPodman.DEBIAN_IMAGE + "\nCOPY poison.sh /poison.sh\n"
                    + "RUN sh /poison.sh\n", "poison.sh", POISON))), tag, Map.of("dev.mino.test", "true"),
            line -> { });
        try {
            String session = "noop" + Long.toHexString(System.nanoTime());
            MinoException e = assertThrows(MinoException.class, () -> builder(TestPodman.BUSYBOX_IMAGE).name(session)
                .firewallImage(tag).network(NetworkPolicy.allow(addressA + ":8080")).start().close());
            assertTrue(e.getMessage().contains("rules did not take effect"), e.getMessage());
            assertTrue(e.getMessage().contains("policy drop: no"), e.getMessage());
            FlagFreeText.assertCodedAndFlagFree(ErrorCodes.FIREWALL_RULES_NOT_IN_PLACE, e);
            assertEquals(List.of(), containersOf(session), "neither the sandbox nor the firewall is left");

            try (Sandbox sb = builder(TestPodman.BUSYBOX_IMAGE).firewallImage(TestPodman.DEBIAN_IMAGE)
                .network(NetworkPolicy.allow(addressA + ":8080")).start()) {
                assertEquals(0, fetch(sb, addressA, 8080).exitCode(), "the control: the allowed server answers");
                assertNotEquals(0, fetch(sb, addressB, 8081).exitCode(), "and the rest is blocked");
            }
        } finally {
            podman.images().remove(id, true);
        }
    }
}
