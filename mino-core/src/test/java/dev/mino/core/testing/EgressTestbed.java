package dev.mino.core.testing;

import dev.mino.core.internal.podman.PodmanClient;
import java.util.List;
import java.util.Map;

/**
 * Everything an egress test talks to, on one dual-stack {@link TestNetwork} per test class: three
 * web servers, the upstream DNS server that a sandbox's guard forwards allowed names to, and a
 * second DNS server that is nobody's resolver (the target of DNS sent around the guard).
 *
 * <p>Every server answers on ports {@value #PORT} and {@value #OTHER_PORT} with its own text
 * ({@code from-a}, {@code from-b}, {@code from-c}). The zone {@value #ZONE} (a reserved test
 * name, so that a query leaking past the fixture could never reach a real domain) holds:
 * <ul>
 * <li>{@link #API} to A, {@link #MOVING} to A (tests may move it);</li>
 * <li>{@link #WILDCARD_NAME} (below {@link #WILDCARD_DOMAIN}) and {@link #WILDCARD_DOMAIN} itself to B;</li>
 * <li>{@link #SECRET} to C (a name outside every test's allowlist), {@link #LATER} to B (a name allowed
 *     only while the sandbox runs).</li>
 * </ul>
 * Both DNS servers serve the same zone with a TTL of {@value #TTL_SECONDS} s.
 */
public final class EgressTestbed implements AutoCloseable {
    /** The zone both DNS servers answer. */
    public static final String ZONE = "egress.test";
    /** A name of server A. */
    public static final String API = "api." + ZONE;
    /** A name of server A until a test moves it. */
    public static final String MOVING = "moving." + ZONE;
    /** The domain below which {@code *.cdn.egress.test} allows names; itself a name of B. */
    public static final String WILDCARD_DOMAIN = "cdn." + ZONE;
    /** A name of server B below {@link #WILDCARD_DOMAIN}. */
    public static final String WILDCARD_NAME = "img." + WILDCARD_DOMAIN;
    /** A name of server C that no test allows. */
    public static final String SECRET = "secret." + ZONE;
    /** A name of server B that a test allows while its sandbox runs. */
    public static final String LATER = "later." + ZONE;
    /** The port every rule of the tests allows. */
    public static final int PORT = 8080;
    /** A second port every server answers on and no rule allows. */
    public static final int OTHER_PORT = 8081;
    /** The TTL of every DNS answer. */
    public static final int TTL_SECONDS = 1;

    private final TestNetwork network;
    private final TestNetwork.WebServer a;
    private final TestNetwork.WebServer b;
    private final TestNetwork.WebServer c;
    private final TestDnsServer upstream;
    private final TestDnsServer rogue;

    private EgressTestbed(TestNetwork network, TestNetwork.WebServer a, TestNetwork.WebServer b,
                          TestNetwork.WebServer c, TestDnsServer upstream, TestDnsServer rogue) {
        this.network = network;
        this.a = a;
        this.b = b;
        this.c = c;
        this.upstream = upstream;
        this.rogue = rogue;
    }

    /**
     * Creates the network and starts the servers; close it to remove them all.
     *
     * @param prefix part of the network's name, e.g. the test class
     */
    public static EgressTestbed start(PodmanClient podman, String prefix) {
        TestNetwork network = TestNetwork.dualStack(podman, prefix);
        try {
            TestNetwork.WebServer a = network.startWebServer(prefix + "-a", "from-a", PORT, OTHER_PORT);
            TestNetwork.WebServer b = network.startWebServer(prefix + "-b", "from-b", PORT, OTHER_PORT);
            TestNetwork.WebServer c = network.startWebServer(prefix + "-c", "from-c", PORT, OTHER_PORT);
            TestDnsServer upstream = TestDnsServer.start(network, prefix + "-upstream", ZONE, TTL_SECONDS);
            TestDnsServer rogue = TestDnsServer.start(network, prefix + "-rogue", ZONE, TTL_SECONDS);
            Map<String, List<String>> zone = Map.of(
                API, List.of(a.ipv4(), a.ipv6()),
                MOVING, List.of(a.ipv4(), a.ipv6()),
                WILDCARD_NAME, List.of(b.ipv4(), b.ipv6()),
                WILDCARD_DOMAIN, List.of(b.ipv4(), b.ipv6()),
                SECRET, List.of(c.ipv4(), c.ipv6()),
                LATER, List.of(b.ipv4(), b.ipv6()));
            upstream.setAddresses(zone);
            rogue.setAddresses(zone);
            return new EgressTestbed(network, a, b, c, upstream, rogue);
        } catch (RuntimeException | Error e) {
            network.close();
            throw e;
        }
    }

    /** The network, for {@code podmanNetwork(...)}. */
    public TestNetwork network() {
        return network;
    }

    /** Server A ({@link #API}). */
    public TestNetwork.WebServer a() {
        return a;
    }

    /** Server B ({@link #WILDCARD_NAME}, {@link #LATER}). */
    public TestNetwork.WebServer b() {
        return b;
    }

    /** Server C ({@link #SECRET}). */
    public TestNetwork.WebServer c() {
        return c;
    }

    /** The DNS server a sandbox's guard asks: pass its address to {@code upstreamDns(...)}. */
    public TestDnsServer upstream() {
        return upstream;
    }

    /** A DNS server with the same zone that is nobody's resolver. */
    public TestDnsServer rogue() {
        return rogue;
    }

    /** Removes the servers and the network. */
    @Override
    public void close() {
        network.close();
    }
}
