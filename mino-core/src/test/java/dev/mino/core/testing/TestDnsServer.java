package dev.mino.core.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DNS server for integration tests: dnsmasq (from the Debian test image) in a container on a
 * {@link TestNetwork}, authoritative for one test zone and for nothing else. It stands in for the
 * resolver Podman gives a container, so that tests of the egress guard need no DNS outside the
 * machine, can change an answer while a sandbox runs, and can prove from the server's own query
 * log which names ever reached it.
 *
 * <p>Names of the zone without a record get NXDOMAIN; names outside it REFUSED (the server has
 * no upstream of its own). Answers carry the TTL given at start. The container is removed with
 * its network.
 */
public final class TestDnsServer {
    private static final String HOSTS = "/run/mino-test-zone.hosts";
    private static final Pattern QUERY = Pattern.compile("query\\[([A-Za-z0-9]+)] (\\S+) from (\\S+)");
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final TestNetwork network;
    private final TestNetwork.Container container;
    private final String zone;
    private final int ttlSeconds;
    private final Map<String, List<String>> records = new TreeMap<>();

    private TestDnsServer(TestNetwork network, TestNetwork.Container container, String zone, int ttlSeconds) {
        this.network = network;
        this.container = container;
        this.zone = zone;
        this.ttlSeconds = ttlSeconds;
    }

    /**
     * One query the server received, from its log.
     *
     * @param type the query type, for example {@code A}, {@code AAAA}, {@code TXT}
     * @param name the name asked for, in lower case
     * @param client the address it came from
     */
    public record Query(String type, String name, String client) {
    }

    /**
     * Starts the server and waits until it answers.
     *
     * @param shortName a name unique within the test class
     * @param zone the zone it is authoritative for, for example {@code fixture.test}
     * @param ttlSeconds the TTL of every answer; short, so a test can watch an answer expire
     */
    public static TestDnsServer start(TestNetwork network, String shortName, String zone, int ttlSeconds) {
        if (!zone.matches("[a-z0-9-]+(\\.[a-z0-9-]+)+") || ttlSeconds < 0) {
            throw new IllegalArgumentException("zone '" + zone + "' or TTL " + ttlSeconds);
        }
        // --no-daemon keeps it in the foreground as root and logs to stderr; --no-hosts leaves out
        // the container's own /etc/hosts, so the zone is all it knows.
        String script = ": > " + HOSTS + " && exec dnsmasq --no-daemon --no-resolv --no-hosts --log-queries "
            + "--log-facility=- --local-ttl=" + ttlSeconds + " --local=/" + zone + "/ --addn-hosts=" + HOSTS;
        TestNetwork.Container container = network.start(shortName, TestPodman.DEBIAN_IMAGE,
            List.of("sh", "-c", script));
        TestDnsServer server = new TestDnsServer(network, container, zone, ttlSeconds);
        server.awaitReads(1);
        return server;
    }

    /** The server's IPv4 address, for {@code upstreamDns(...)} or a probe. */
    public String ipv4() {
        return container.ipv4();
    }

    /** The server's IPv6 address. */
    public String ipv6() {
        return container.ipv6();
    }

    /** The zone it answers for. */
    public String zone() {
        return zone;
    }

    /** The TTL of its answers. */
    public Duration ttl() {
        return Duration.ofSeconds(ttlSeconds);
    }

    /**
     * Sets the addresses the server answers for a name (A for IPv4, AAAA for IPv6), replacing
     * earlier ones; no address removes the name. Returns once the server answers with them.
     *
     * @param name a name in the zone, for example {@code api.fixture.test}
     */
    public void setAddress(String name, String... addresses) {
        setAddresses(Map.of(name, List.of(addresses)));
    }

    /**
     * Sets the addresses of several names at once, as {@link #setAddress} does for one.
     *
     * @param addresses by name; an empty list removes the name
     */
    public synchronized void setAddresses(Map<String, List<String>> addresses) {
        Map<String, List<String>> changed = new TreeMap<>(records);
        addresses.forEach((name, list) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.endsWith("." + zone) && !lower.equals(zone)) {
                throw new IllegalArgumentException(name + " is not in " + zone);
            }
            for (String address : list) {
                if (!address.matches("[0-9a-fA-F.:]+")) {
                    throw new IllegalArgumentException("not an address: " + address);
                }
            }
            if (list.isEmpty()) {
                changed.remove(lower);
            } else {
                changed.put(lower, List.copyOf(list));
            }
        });
        StringBuilder hosts = new StringBuilder();
        changed.forEach((host, list) -> list.forEach(address -> hosts.append(address).append(' ').append(host)
            .append('\n')));
        int reads = reads();
        // Written whole and renamed, so dnsmasq never reads half a file; SIGHUP makes it read again.
        TestNetwork.Output result = network.exec(container.id(), List.of("sh", "-c",
            "printf '%s' \"$1\" > " + HOSTS + ".new && mv " + HOSTS + ".new " + HOSTS + " && kill -HUP 1", "sh",
            hosts.toString()));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("rewriting the zone failed: " + result.stderr());
        }
        awaitReads(reads + 1);
        records.clear();
        records.putAll(changed);
    }

    /** Every query the server has received so far, oldest first. */
    public List<Query> queriesSeen() {
        List<Query> queries = new ArrayList<>();
        Matcher m = QUERY.matcher(network.logs(container.id()));
        while (m.find()) {
            queries.add(new Query(m.group(1), m.group(2).toLowerCase(Locale.ROOT), m.group(3)));
        }
        return List.copyOf(queries);
    }

    /** Whether any query (of any type) for this name has reached the server. */
    public boolean sawQueryFor(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return queriesSeen().stream().anyMatch(q -> q.name().equals(lower));
    }

    /** Whether any query for a name that contains this text (in any case) has reached the server. */
    public boolean sawQueryContaining(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return queriesSeen().stream().anyMatch(q -> q.name().contains(lower));
    }

    /** How often dnsmasq has read the zone's hosts file, from its log ("read FILE - N names"). */
    private int reads() {
        String logs = network.logs(container.id());
        int count = 0;
        for (int i = logs.indexOf("read " + HOSTS); i >= 0; i = logs.indexOf("read " + HOSTS, i + 1)) {
            count++;
        }
        return count;
    }

    private void awaitReads(int wanted) {
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (reads() < wanted) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("dnsmasq did not read " + HOSTS + " within " + READ_TIMEOUT.toSeconds()
                    + " s; its log:\n" + network.logs(container.id()));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
