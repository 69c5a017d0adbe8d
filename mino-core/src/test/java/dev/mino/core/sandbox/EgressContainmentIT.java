package dev.mino.core.sandbox;

import static dev.mino.core.testing.EgressTestbed.API;
import static dev.mino.core.testing.EgressTestbed.OTHER_PORT;
import static dev.mino.core.testing.EgressTestbed.PORT;
import static dev.mino.core.testing.EgressTestbed.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.ExecResult;
import dev.mino.core.MinoException;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.internal.podman.ContainerState;
import dev.mino.core.internal.podman.Filters;
import dev.mino.core.internal.podman.TestTar;
import dev.mino.core.internal.sandbox.SandboxPlanner;
import dev.mino.core.internal.state.AuditLog;
import dev.mino.core.testing.EgressProbe;
import dev.mino.core.testing.EgressTestbed;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestNetwork;
import dev.mino.core.testing.TestPodman;
import dev.mino.network.NetworkPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The egress guard holds against the sandboxed command, on the real Podman: DNS sent around the
 * guard (to any server on port 53, TCP and UDP, IPv4 and IPv6) goes nowhere; root in the sandbox
 * cannot change, stop or signal the guard, nor take its place; an image whose iptables and nft do
 * nothing changes nothing; and when the firewall dies, the sandbox's traffic dies with it.
 * Everything talks to the servers of an {@link EgressTestbed}; the first test is the control that
 * every DNS probe the others expect to fail is answered where no policy is in the way.
 */
@RequiresPodman
@Timeout(180)
class EgressContainmentIT extends EgressTestBase {
    private static final List<String> PROTOCOLS = List.of("udp", "tcp");

    EgressContainmentIT() {
        super("contain");
    }

    /** Allowlisted: A by name on {@value EgressTestbed#PORT}. */
    private SandboxBuilder allowingA() {
        return guarded(API + ":" + PORT);
    }

    /** The servers that are not the sandbox's resolver, each by both its addresses. */
    private List<String> dnsServers() {
        return List.of(bed.rogue().ipv4(), bed.rogue().ipv6(), bed.upstream().ipv4(), bed.upstream().ipv6());
    }

    /** The policy holds: A by name on its port, nothing else; the guard answers. */
    private void assertPolicyHolds(Sandbox sb) {
        assertEquals("rcode=0 " + bed.a().ipv4(), EgressProbe.run(sb, "dns", "udp", "127.0.0.1", API, "A"));
        assertEquals("from-a", fetch(sb, API, PORT));
        assertBlocked(fetch(sb, API, OTHER_PORT), "A on another port");
        assertBlocked(fetch(sb, bed.c().ipv4(), PORT), "C");
        assertBlocked(EgressProbe.run(sb, "resolve", SECRET), SECRET);
    }

    @Test
    void theControlWithoutAPolicyBothDnsServersAnswerOverUdpAndTcpOnBothFamilies() {
        try (Sandbox sb = builder().network(NetworkPolicy.bridge()).start()) {
            for (String server : dnsServers()) {
                for (String protocol : PROTOCOLS) {
                    assertEquals("rcode=0 " + bed.a().ipv4(), EgressProbe.run(sb, "dns", protocol, server, API, "A"),
                        protocol + " to " + server);
                }
            }
            assertEquals("from-c", fetch(sb, bed.c().ipv4(), PORT));
            assertEquals("reply", EgressProbe.run(sb, "ping", bed.c().ipv4()));
            assertEquals("reply", EgressProbe.run(sb, "ping", bed.c().ipv6()));
        }
    }

    @Test
    void port53OfEveryServerButTheGuardAndIcmpAreClosedOnBothFamilies() {
        // A name of its own, so the servers' logs tell whether any of these queries arrived.
        String around = "around-the-guard-" + bed.network().run() + "." + EgressTestbed.ZONE;
        try (Sandbox sb = allowingA().start()) {
            for (String protocol : PROTOCOLS) {
                assertEquals("rcode=0 " + bed.a().ipv4(), EgressProbe.run(sb, "dns", protocol, "127.0.0.1", API, "A"),
                    "the control: the guard answers over " + protocol);
            }
            for (String server : dnsServers()) {
                for (String protocol : PROTOCOLS) {
                    assertBlocked(EgressProbe.run(sb, "dns", protocol, server, around, "A"), protocol + " to "
                        + server + " port 53");
                }
            }
            // Only the guard's marked packets reach the upstream; marking needs NET_ADMIN.
            assertEquals("error EPERM", EgressProbe.run(sb, "mark"));
            // Nor does ICMP carry anything out (the control pings C).
            assertBlocked(EgressProbe.run(sb, "ping", bed.c().ipv4()), "ping to C");
            assertBlocked(EgressProbe.run(sb, "ping", bed.c().ipv6()), "ping to C over IPv6");
        }
        assertFalse(bed.rogue().sawQueryFor(around), bed.rogue().queriesSeen().toString());
        assertFalse(bed.upstream().sawQueryFor(around), bed.upstream().queriesSeen().toString());
    }

    /**
     * Queries shaped to slip a name past the guard's check: a second question behind an allowed
     * one, and labels with a dot inside that read like an allowed name once joined. None reaches
     * the upstream. The control: an allowed name in other letter case is answered.
     */
    @Test
    void queriesShapedToSmuggleANameGetNothingOut() {
        String marker = "smuggled" + bed.network().run();
        String wildcard = "*." + EgressTestbed.WILDCARD_DOMAIN + ":" + PORT;
        try (Sandbox sb = guarded(API + ":" + PORT, wildcard).start()) {
            assertEquals("rcode=0 " + bed.a().ipv4(), EgressProbe.run(sb, "dns", "udp", "127.0.0.1",
                API.toUpperCase(java.util.Locale.ROOT), "A"), "the control: names match in any case");
            for (String protocol : PROTOCOLS) {
                String answer = EgressProbe.run(sb, "questions", protocol, "127.0.0.1", API,
                    marker + "-two." + EgressTestbed.ZONE);
                assertFalse(answer.startsWith("rcode=0 "), "two questions over " + protocol + ": " + answer);
            }
            // Labels with a dot inside: joined without care they read as allowed names (the exact
            // one, or names below the wildcard's domain), but they are other names.
            for (String name : List.of("api\\.egress.test", marker + "\\.cdn.egress.test",
                marker + ".img\\.cdn\\.egress.test", marker + ".cdn.egress\\.test")) {
                assertEquals("rcode=5", EgressProbe.run(sb, "dns", "udp", "127.0.0.1", name, "A"), name);
            }
        }
        assertFalse(bed.upstream().sawQueryContaining(marker), bed.upstream().queriesSeen().toString());
    }

    @Test
    void rootInTheSandboxCannotChangeStopOrSignalTheGuardNorTakeItsPlace() {
        try (Sandbox sb = allowingA().user("root").start()) {
            String firewall = SandboxPlanner.firewallName(sb.sessionName());
            String startedAt = podman.containers().inspect(firewall).orElseThrow().startedAt();
            assertEquals("0", sb.exec("id", "-u").stdout().strip());
            assertPolicyHolds(sb);

            for (List<String> attempt : List.of(List.of("nft", "flush", "ruleset"),
                List.of("nft", "delete", "table", "inet", "mino_egress"), List.of("iptables", "-F"),
                List.of("ip6tables", "-F"), List.of("iptables", "-P", "OUTPUT", "ACCEPT"))) {
                ExecResult result = sb.exec(attempt.toArray(String[]::new));
                assertNotEquals(0, result.exitCode(), attempt + " must fail: " + result.stdout());
            }

            // The guard is not even visible: another PID namespace. Kill everything that is.
            String processes = EgressProbe.run(sb, "procs");
            assertFalse(processes.contains("mino-egress"), processes);
            ExecResult kill = sb.exec("sh", "-c", "kill -9 -1; echo survived");
            assertEquals("survived\n", kill.stdout(), kill.stderr());

            // Taking the guard's place on 127.0.0.1:53 fails; the control: another port binds.
            for (String protocol : PROTOCOLS) {
                assertBlocked(EgressProbe.run(sb, "bind", "127.0.0.1", "53", protocol), "binding 127.0.0.1:53/"
                    + protocol);
                assertEquals("bound", EgressProbe.run(sb, "bind", "127.0.0.1", "5353", protocol));
            }

            // Pointing the sandbox's resolver elsewhere (the file may be writable: it is the
            // firewall's, shared, and the guard read it once, at its start) reaches nobody, since
            // port 53 is closed there.
            String resolvConf = sb.exec("cat", "/etc/resolv.conf").stdout();
            ExecResult rewrite = sb.exec("sh", "-c", "echo nameserver " + bed.rogue().ipv4() + " > /etc/resolv.conf");
            if (rewrite.exitCode() == 0) {
                assertBlocked(EgressProbe.run(sb, "resolve", SECRET), SECRET + " through " + bed.rogue().ipv4());
                assertBlocked(EgressProbe.run(sb, "resolve", API), API + " through " + bed.rogue().ipv4());
                ExecResult restore = sb.exec("sh", "-c", "printf '%s' \"$1\" > /etc/resolv.conf", "sh", resolvConf);
                assertEquals(0, restore.exitCode(), restore.stderr());
            }

            ContainerState after = podman.containers().inspect(firewall).orElseThrow();
            assertTrue(after.running(), "the firewall still runs");
            assertEquals(startedAt, after.startedAt(), "and was not restarted");
            assertPolicyHolds(sb);
        }
        assertFalse(bed.upstream().sawQueryFor(SECRET), bed.upstream().queriesSeen().toString());
        assertFalse(bed.rogue().sawQueryFor(SECRET), bed.rogue().queriesSeen().toString());
    }

    /** Replaces iptables, ip6tables and nft by programs that do nothing and succeed. */
    private static final String POISON = String.join("\n",
        "#!/bin/sh",
        "set -e",
        "for f in iptables ip6tables iptables-nft ip6tables-nft iptables-legacy ip6tables-legacy xtables-nft-multi "
            + "xtables-legacy-multi nft; do",
        "  rm -f \"/usr/sbin/$f\"",
        "  printf '#!/bin/sh\\nexit 0\\n' > \"/usr/sbin/$f\"",
        "  chmod 755 \"/usr/sbin/$f\"",
        "done",
        "echo poisoned > /poisoned",
        "");

    @Test
    void anImageWhoseIptablesAndNftDoNothingChangesNothing() {
        String tag = "localhost/mino-it-noop-nft-" + UUID.randomUUID().toString().substring(0, 8) + ":latest";
        String id = podman.images().build(new ByteArrayInputStream(TestTar.of(Map.of("Containerfile",
                "FROM " + TestPodman.DEBIAN_IMAGE + "\nCOPY poison.sh /poison.sh\nRUN sh /poison.sh\n",
                "poison.sh", POISON))), tag, TestNetwork.LABELS, line -> { });
        try {
            try (Sandbox sb = allowingA().image(tag).user("root").start()) {
                assertEquals("poisoned\n", sb.exec("cat", "/poisoned").stdout(), "the sandbox runs the poisoned image");
                assertEquals(0, sb.exec("nft", "flush", "ruleset").exitCode(), "its nft says it flushed");
                assertEquals(0, sb.exec("iptables", "-F").exitCode(), "its iptables says it flushed");
                assertPolicyHolds(sb);
                String firewallImage = podman.containers().inspect(SandboxPlanner.firewallName(sb.sessionName()))
                    .orElseThrow().raw().path("Image").asText();
                assertEquals(podman.images().identity(TestPodman.DEBIAN_IMAGE).id(), firewallImage,
                    "the firewall runs from its own image, pinned by id");
            }
            // The same image as the firewall's: its rules never take effect, so nothing starts.
            String session = "noopnft" + Long.toHexString(System.nanoTime());
            MinoException e = assertThrows(MinoException.class,
                () -> allowingA().name(session).firewallImage(tag).start().close());
            assertTrue(e.getMessage().contains("rules"), e.getMessage());
            assertEquals(List.of(), podman.containers().list(new Filters().label("dev.mino.session", session), true),
                "neither the sandbox nor its firewall is left");
        } finally {
            podman.images().remove(id, true);
        }
    }

    @Test
    void whenTheFirewallIsKilledTheSandboxReachesNothing() throws InterruptedException, IOException {
        String session;
        try (Sandbox sb = guarded(API + ":" + PORT, bed.b().v4(PORT)).start()) {
            session = sb.sessionName();
            assertEquals("from-a", fetch(sb, API, PORT));
            assertEquals("from-b", fetch(sb, bed.b().ipv4(), PORT));

            String firewall = SandboxPlanner.firewallName(sb.sessionName());
            podman.containers().kill(firewall, "KILL");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (podman.containers().inspect(firewall).map(ContainerState::running).orElse(false)) {
                assertTrue(System.nanoTime() < deadline, "the firewall did not die");
                Thread.sleep(100);
            }
            // Podman takes the namespace's interface away as it cleans up after the firewall; until
            // then only what the rules allowed can pass (they stay loaded), never anything else.
            while (probeOrGone(sb, "http", bed.b().ipv4(), Integer.toString(PORT)).equals("from-b")) {
                assertTrue(System.nanoTime() < deadline, "the allowed server still answers after the firewall died");
                Thread.sleep(200);
            }
            for (String[] probe : List.of(new String[] {"http", bed.b().ipv4(), Integer.toString(PORT)},
                new String[] {"http", bed.a().ipv4(), Integer.toString(PORT)},
                new String[] {"http", bed.a().ipv6(), Integer.toString(PORT)},
                new String[] {"resolve", API},
                new String[] {"dns", "udp", bed.upstream().ipv4(), API, "A"})) {
                String answer = probeOrGone(sb, probe);
                assertTrue(answer.startsWith("error ") || answer.startsWith("gone: "),
                    String.join(" ", probe) + " after the firewall died: " + answer);
            }
        }
        assertAudited(auditLines(), AuditLog.NETWORK_FIREWALL_STOPPED, Map.of("session_name", session));
    }

    /** The probe's answer, or {@code gone: ...} when the sandbox itself is no longer there to ask. */
    private static String probeOrGone(Sandbox sb, String... probe) {
        try {
            return EgressProbe.run(sb, probe);
        } catch (MinoException e) {
            return "gone: " + e.getMessage();
        }
    }
}
