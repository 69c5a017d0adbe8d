package dev.mino.core.sandbox;

import static dev.mino.core.testing.EgressTestbed.API;
import static dev.mino.core.testing.EgressTestbed.PORT;
import static dev.mino.core.testing.EgressTestbed.ZONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import dev.mino.core.SandboxBuilder;
import dev.mino.core.internal.sandbox.SandboxPlanner;
import dev.mino.core.testing.EgressProbe;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestNetwork;
import dev.mino.network.NetworkPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attacks on the egress guard by a hostile sandboxed command, on the real Podman, beyond those
 * {@link EgressContainmentIT} proves: each one that once got something out is kept here as a
 * regression test, with a control that the same setup works where it should. The attacks are
 * {@code egress-attacks.py} beside this class.
 */
@RequiresPodman
@Timeout(180)
class EgressRedTeamIT extends EgressTestBase {
    private static final String ATTACKS = load();

    EgressRedTeamIT() {
        super("redteam");
    }

    private static String attack(Sandbox sb, String... args) {
        List<String> command = new ArrayList<>(List.of("python3", "-I", "-c", ATTACKS));
        command.addAll(List.of(args));
        ExecResult result = sb.exec(command.toArray(String[]::new));
        assertEquals(0, result.exitCode(), String.join(" ", args) + ": " + result.stdout() + result.stderr());
        return result.stdout().strip();
    }

    /**
     * The guard's own query to the upstream leaves a connection-tracking entry behind it for half a
     * minute. A sandbox that sends from the same local port to the same upstream would match that
     * entry as "established" and pass without the guard's mark: a DNS tunnel through the upstream.
     * The control: the guard asked the upstream for the allowed name just before and got its answer
     * ("guard-rcode 0"), which is what leaves the entry behind.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ipv4", "ipv6"})
    void aQueryFromThePortOfTheGuardsOwnUpstreamQueryDoesNotRideItsConnectionTracking(String family) {
        String upstream = family.equals("ipv4") ? bed.upstream().ipv4() : bed.upstream().ipv6();
        String secret = "conntrack-" + family + "-" + bed.network().run() + "." + ZONE;
        try (Sandbox sb = guarded(API + ":" + PORT).upstreamDns(upstream).start()) {
            String answer = attack(sb, "reuse", upstream, API, secret);
            assertTrue(answer.startsWith("held guard-rcode 0 sent 0"), answer);
        }
        assertFalse(bed.upstream().sawQueryFor(secret), bed.upstream().queriesSeen().toString());
    }

    /**
     * An allowed name whose answer points at the machine itself or at link-local services (the
     * cloud metadata service), in plain or IPv4-mapped form, admits none of those addresses; the
     * control: the same answer's ordinary addresses are admitted. Read from the guard's own sets.
     */
    @Test
    void anAllowedNameRebindingToLoopbackOrLinkLocalAdmitsOnlyItsOrdinaryAddresses() {
        String rebind = "rebind." + ZONE;
        List<String> bad = List.of("127.0.0.2", "169.254.169.254", "0.0.0.0", "::1", "fe80::1", "::ffff:127.0.0.1",
            "::ffff:169.254.169.254");
        List<String> all = new ArrayList<>(bad);
        all.add(bed.b().ipv4());
        all.add(bed.b().ipv6());
        bed.upstream().setAddress(rebind, all.toArray(String[]::new));
        try (Sandbox sb = guarded(rebind + ":" + PORT).start()) {
            String resolved = EgressProbe.run(sb, "resolve", rebind);
            assertTrue(resolved.contains(bed.b().ipv4()), "the upstream's answer reached the sandbox: " + resolved);
            String firewall = SandboxPlanner.firewallName(sb.sessionName());
            String sets = bed.network().exec(firewall, List.of("nft", "list", "set", "inet", "mino_egress", "dns4"))
                .stdout() + bed.network().exec(firewall, List.of("nft", "list", "set", "inet", "mino_egress", "dns6"))
                .stdout();
            assertTrue(sets.contains(bed.b().ipv4() + " . " + PORT), "the control: B is admitted: " + sets);
            assertTrue(sets.contains(bed.b().ipv6() + " . " + PORT), "the control: B is admitted: " + sets);
            for (String address : List.of("127.0.0.2", "169.254.169.254", "0.0.0.0", "::1 ", "fe80::1", "::ffff:")) {
                assertFalse(sets.contains(address), address + " must not be admitted: " + sets);
            }
            assertEquals("from-b", fetch(sb, rebind, PORT));
        } finally {
            bed.upstream().setAddress(rebind);
        }
    }

    /**
     * Multicast, broadcast and an IPv4 destination written as an IPv4-mapped IPv6 address carry
     * nothing out. The control: without a policy each of them is sent (and C answers).
     */
    @Test
    void multicastBroadcastAndIpv4MappedDestinationsAreClosed() {
        String subnet = bed.network().ipv4Subnet();
        String broadcast = subnet.substring(0, subnet.lastIndexOf('.')) + ".255";
        List<String[]> probes = List.of(new String[] {"224.0.0.251", "5353", "udp"},
            new String[] {"ff02::fb", "5353", "udp"}, new String[] {"255.255.255.255", "9", "udp"},
            new String[] {broadcast, "9", "udp"}, new String[] {"::ffff:" + bed.c().ipv4(), "9", "udp"},
            new String[] {"::ffff:" + bed.c().ipv4(), Integer.toString(PORT), "tcp"});
        try (Sandbox open = builder().network(NetworkPolicy.bridge()).start();
             Sandbox sb = guarded(API + ":" + PORT).start()) {
            for (String[] probe : probes) {
                String what = String.join(" ", probe);
                String control = attack(open, "send", probe[0], probe[1], probe[2]);
                assertTrue(control.startsWith("leaked"), "the control: " + what + " leaves without a policy: "
                    + control);
                String answer = attack(sb, "send", probe[0], probe[1], probe[2]);
                assertTrue(answer.startsWith("held"), what + ": " + answer);
            }
        }
    }

    /**
     * IP_FREEBIND needs no capability, and over IPv6 it lets a socket send with an address that is
     * not the namespace's own. Such a datagram over loopback must not reach the namespace's sockets:
     * one that claimed to come from the upstream resolver could answer the guard's own query. The
     * control: a datagram from the sandbox's own addresses still arrives.
     */
    @Test
    void aDatagramForgedWithAForeignSourceNeverReachesASocketOfTheNamespace() {
        try (Sandbox sb = guarded(API + ":" + PORT).upstreamDns(bed.upstream().ipv6()).start()) {
            assertEquals("leaked forged from ::1", attack(sb, "spoof", "::1", "5353"), "the control, over ::1");
            String own = sb.exec("sh", "-c", "hostname -I").stdout().strip();
            for (String address : own.split(" ")) {
                assertTrue(attack(sb, "spoof", address, "5353").startsWith("leaked forged"),
                    "the control, from the sandbox's own " + address);
            }
            for (String foreign : List.of(bed.upstream().ipv6(), bed.c().ipv6(), "2001:db8::53")) {
                String answer = attack(sb, "spoof", foreign, "5353");
                assertTrue(answer.startsWith("held"), "forged from " + foreign + ": " + answer);
            }
            // Port 53 itself is below the engine's first unprivileged port, so nothing in the
            // sandbox can even claim the upstream's port.
            assertTrue(attack(sb, "spoof", bed.upstream().ipv6(), "53").startsWith("held bind"));
            assertEquals("rcode=0 " + bed.a().ipv4(), EgressProbe.run(sb, "dns", "udp", "127.0.0.1", API, "A"));
        }
    }

    /**
     * A peer on the sandbox's network (another container, another sandbox) that opens a connection
     * to the sandbox must not become its way out: the sandbox's replies on a connection it did not
     * open are refused. The control: without a policy the peer gets the sandbox's text.
     */
    @Test
    void aConnectionAPeerOpensToTheSandboxCarriesNothingOut() throws Exception {
        String secret = "secret-" + bed.network().run();
        assertEquals(secret, fetchFromPeer(builder().network(NetworkPolicy.bridge()), secret),
            "the control: a peer reads from a sandbox without a policy");
        String answer = fetchFromPeer(guarded(API + ":" + PORT), secret);
        assertFalse(answer.contains(secret), "a peer read from the allowlisted sandbox: " + answer);
    }

    /** What C's wget gets from the sandbox's port 9000 while the sandbox serves {@code text} there. */
    private String fetchFromPeer(SandboxBuilder builder, String text) throws Exception {
        try (Sandbox sb = builder.start()) {
            String address = sb.exec("sh", "-c", "hostname -I").stdout().strip().split(" ")[0];
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> attack(sb, "serve", "9000", text));
            // Once the sandbox listens on 9000 (hex 2328; its exec takes a moment to start).
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (sb.exec("grep", "-q", ":2328 0000", "/proc/net/tcp6").exitCode() != 0) {
                assertTrue(System.nanoTime() < deadline, "the sandbox never listened: "
                    + (served.isDone() ? served.get() : "still starting"));
                Thread.sleep(100);
            }
            TestNetwork.Output got = bed.network().exec(bed.c().name(), List.of("timeout", "5", "wget", "-qO-",
                "http://" + address + ":9000/"));
            String result = got.stdout().strip() + got.stderr().strip();
            if (!result.contains(text)) {
                // Unblock the sandbox's accept, if it is still waiting, by closing the sandbox.
                return result + " / sandbox: " + (served.isDone() ? served.get() : "still waiting");
            }
            served.get();
            return got.stdout().strip();
        }
    }

    private static String load() {
        try (InputStream in = EgressRedTeamIT.class.getResourceAsStream("egress-attacks.py")) {
            if (in == null) {
                throw new IllegalStateException("egress-attacks.py is missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
