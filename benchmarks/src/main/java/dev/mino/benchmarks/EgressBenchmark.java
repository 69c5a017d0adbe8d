package dev.mino.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.ExecResult;
import dev.mino.core.Sandbox;
import dev.mino.core.internal.sandbox.MinoRuntime;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.network.NetworkPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * EGRESS: what the egress guard costs a sandbox's traffic to an allowed server, against a
 * {@code bridge} sandbox on the same Podman network, to the same server, in the same run:
 * <ul>
 *   <li>E1 the time a TCP connect to the server's address takes, measured inside the sandbox, and E2
 *       the time of looking up the server's name through the sandbox's resolver (the guard, which
 *       asks Podman's DNS on the network; the bridge sandbox asks that DNS itself) and connecting
 *       (target for both: at most 5 ms more);</li>
 *   <li>E3 download and E4 upload throughput of one TCP stream (target: at least 0.9x).</li>
 * </ul>
 * Both sandboxes run from an image with python3 (the Debian test image by default), which also
 * serves as the allowlisted sandbox's firewall image; the server is the same image running a
 * small Python server. The measurements alternate between the two sandboxes round by round, so
 * that drift in the machine's load hits both alike.
 *
 * <p>Runs on its own ({@code main}) or as part of {@link SandboxBenchmark} ({@code -Donly=EGRESS}).
 * Settings: {@code CONTAINER_HOST} (required), system properties {@code egressImage} (default
 * {@code localhost/mino-test-debian:latest}), {@code rounds} (default 15), {@code connects} per
 * round (default 100) and {@code megabytes} per transfer (default 500).
 */
public final class EgressBenchmark {
    private static final int SERVER_PORT = 9000;
    private static final Map<String, String> LABELS = Map.of("dev.mino.benchmark", "egress");

    /** The server: "get N" sends N bytes, "put N" reads N bytes and answers "ok", a bare close is a connect. */
    private static final String SERVER = String.join("\n",
        "import socket, threading",
        "CHUNK = bytes(1 << 20)",
        "def serve(conn):",
        "    with conn:",
        "        data = b''",
        "        while b'\\n' not in data:",
        "            part = conn.recv(64)",
        "            if not part:",
        "                return",
        "            data += part",
        "        line, rest = data.split(b'\\n', 1)",
        "        verb, count = line.split()",
        "        left = int(count) - len(rest)",
        "        if verb == b'get':",
        "            while left > 0:",
        "                left -= conn.send(CHUNK[:min(left, len(CHUNK))])",
        "        else:",
        "            buffer = bytearray(1 << 20)",
        "            while left > 0:",
        "                got = conn.recv_into(buffer)",
        "                if not got:",
        "                    return",
        "                left -= got",
        "            conn.sendall(b'ok\\n')",
        "listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
        "listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
        "listener.bind(('0.0.0.0', " + SERVER_PORT + "))",
        "listener.listen(128)",
        "while True:",
        "    conn, _ = listener.accept()",
        "    threading.Thread(target=serve, args=(conn,), daemon=True).start()",
        "");

    /**
     * The client, run inside a sandbox: {@code connect ADDRESS PORT N} prints the median time of a
     * TCP connect in ms, {@code resolve NAME PORT N} the same for a look-up of the name (through
     * the sandbox's resolver) and a connect, each followed by the number of look-ups that failed;
     * {@code get|put ADDRESS PORT BYTES} prints MB/s.
     */
    private static final String CLIENT = String.join("\n",
        "import socket, sys, time",
        "socket.setdefaulttimeout(60)",
        "mode, host, port, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])",
        "if mode in ('connect', 'resolve'):",
        "    times, failed = [], 0",
        "    for _ in range(n):",
        "        start = time.perf_counter()",
        "        if mode == 'resolve':",
        "            try:",
        "                s = socket.create_connection((host, port))",
        "            except socket.gaierror:",
        "                failed += 1",
        "                continue",
        "        else:",
        "            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
        "            s.connect((host, port))",
        "        times.append((time.perf_counter() - start) * 1000)",
        "        s.close()",
        "    times.sort()",
        "    print(times[len(times) // 2], failed)",
        "else:",
        "    s = socket.create_connection((host, port))",
        "    start = time.perf_counter()",
        "    s.sendall(b'%s %d\\n' % (mode.encode(), n))",
        "    left = n",
        "    if mode == 'get':",
        "        buffer = bytearray(1 << 20)",
        "        while left > 0:",
        "            got = s.recv_into(buffer)",
        "            if not got:",
        "                sys.exit('short read')",
        "            left -= got",
        "    else:",
        "        chunk = bytes(1 << 20)",
        "        while left > 0:",
        "            left -= s.send(chunk[:min(left, len(chunk))])",
        "        if s.recv(3) != b'ok\\n':",
        "            sys.exit('no ok')",
        "    print(n / 1e6 / (time.perf_counter() - start))",
        "");

    private final String engine;
    private final String image;
    /** Look-ups that failed (left out of the times), by the sandbox's network policy. */
    private final Map<String, Integer> failedLookups = new LinkedHashMap<>();

    EgressBenchmark(String engine, String image) {
        this.engine = engine;
        this.image = image;
    }

    public static void main(String[] args) throws Exception {
        String engine = SandboxBenchmark.engineOrExit();
        int rounds = Integer.getInteger("rounds", 15);
        EgressBenchmark bench = new EgressBenchmark(engine, image());
        System.out.printf(Locale.ROOT, "Mino egress benchmark: %s, image %s, %d rounds%n%n", engine, bench.image,
            rounds);
        bench.run(rounds);
    }

    /** The image of the sandboxes, their firewall and the server: {@code -DegressImage}, else the Debian test image. */
    static String image() {
        return System.getProperty("egressImage", "localhost/mino-test-debian:latest");
    }

    /** Measures and prints E1-E4; returns whether every target was met. */
    boolean run(int rounds) throws Exception {
        int connects = Integer.getInteger("connects", 100);
        long bytes = Long.getLong("megabytes", 500) * 1_000_000L;
        String run = UUID.randomUUID().toString().substring(0, 8);
        String network = "mino-bench-egress-" + run;
        Path project = Files.createTempDirectory("mino-bench-egress");
        // A rootless Podman of another user (as scripts/test-podman.sh sets up) must reach the project.
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            // The default Mino's client, which sandboxes of Sandbox.builder() share: not closed here.
            PodmanClient client = MinoRuntime.shared().client(engine);
            client.networks().create(network, LABELS, false);
            String server = null;
            try {
                String name = "mino-bench-egress-server-" + run;
                server = startServer(client, network, name);
                String address = address(client, server, network);
                // The address as a rule, and the name: Podman's DNS on the network knows it.
                NetworkPolicy allowlist = NetworkPolicy.allow(address + ":" + SERVER_PORT, name + ":" + SERVER_PORT);
                try (Sandbox bridge = sandbox(project, network, NetworkPolicy.bridge());
                     Sandbox guarded = sandbox(project, network, allowlist)) {
                    return measure(bridge, guarded, new Server(name, address), rounds, connects, bytes);
                }
            } finally {
                if (server != null) {
                    client.containers().remove(server, true);
                }
                client.networks().remove(network, true);
            }
        } finally {
            Files.deleteIfExists(project);
        }
    }

    /** The server's container name (which Podman's DNS on the network resolves) and address. */
    private record Server(String name, String address) {
    }

    private boolean measure(Sandbox bridge, Sandbox guarded, Server server, int rounds, int connects, long bytes) {
        String address = server.address();
        awaitServer(bridge, address);
        // Warm up: page cache, the server's threads, the guard's first packets and answers.
        for (Sandbox sb : List.of(bridge, guarded)) {
            client(sb, "resolve", server.name(), 10);
            client(sb, "connect", address, 10);
            client(sb, "get", address, bytes / 4);
        }
        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (int i = 0; i < Math.max(3, rounds); i++) {
            for (String mode : List.of("connect", "resolve", "get", "put")) {
                String host = mode.equals("resolve") ? server.name() : address;
                long count = mode.equals("connect") || mode.equals("resolve") ? connects : bytes;
                // Each goes first in every other round, so that neither has the warmer moment.
                for (Sandbox sb : i % 2 == 0 ? List.of(bridge, guarded) : List.of(guarded, bridge)) {
                    record(results, mode + (sb == bridge ? "-bridge" : "-guarded"), client(sb, mode, host, count));
                }
            }
        }
        boolean met = true;
        for (String mode : List.of("connect", "resolve")) {
            double guardedMs = SandboxBenchmark.median(results.get(mode + "-guarded"));
            double bridgeMs = SandboxBenchmark.median(results.get(mode + "-bridge"));
            double over = guardedMs - bridgeMs;
            String name = mode.equals("connect") ? "E1 connect to an allowed address"
                : "E2 resolve an allowed name + connect";
            System.out.printf(Locale.ROOT, "%-36s policy %7.3f  reference %7.3f %-12s over %+7.3f ms  target <= +5 ms"
                + "  %s%n", name, guardedMs, bridgeMs, "ms (median)", over, over <= 5 ? "MET" : "NOT MET");
            met &= over <= 5;
        }
        if (!failedLookups.isEmpty()) {
            System.out.printf(Locale.ROOT, "%-36s %s (left out of E2)%n", "   look-ups that failed", failedLookups);
        }
        for (String mode : List.of("get", "put")) {
            double viaGuard = SandboxBenchmark.median(results.get(mode + "-guarded"));
            double viaBridge = SandboxBenchmark.median(results.get(mode + "-bridge"));
            double ratio = viaGuard / viaBridge;
            SandboxBenchmark.report((mode.equals("get") ? "E3 download " : "E4 upload ") + bytes / 1_000_000 + " MB",
                "policy", viaGuard, viaBridge, "MB/s (median)", ratio, ">= 0.9x", ratio >= 0.9);
            met &= ratio >= 0.9;
        }
        return met;
    }

    private static void record(Map<String, List<Double>> results, String key, double value) {
        results.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    /** Waits until the server, started just before, accepts connections. */
    private void awaitServer(Sandbox sb, String address) {
        for (int attempt = 0; ; attempt++) {
            try {
                client(sb, "connect", address, 1);
                return;
            } catch (IllegalStateException e) {
                if (attempt == 40) {
                    throw e;
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private Sandbox sandbox(Path project, String network, NetworkPolicy policy) {
        return Sandbox.builder().engine(engine).image(image).firewallImage(image).project(project).auditLog(false)
            .podmanNetwork(network).network(policy).command("sleep", "infinity").start();
    }

    private double client(Sandbox sb, String mode, String address, long count) {
        ExecResult result = sb.exec("python3", "-I", "-c", CLIENT, mode, address, Integer.toString(SERVER_PORT),
            Long.toString(count));
        if (result.exitCode() != 0) {
            throw new IllegalStateException(mode + " from " + sb.spec().network().describe() + " failed (exit "
                + result.exitCode() + "): " + result.stderr());
        }
        String[] values = result.stdout().strip().split(" ");
        if (values.length > 1 && Integer.parseInt(values[1]) > 0) {
            // A look-up that failed is left out of the times, counted, and told at the end.
            failedLookups.merge(sb.spec().network().describe(), Integer.parseInt(values[1]), Integer::sum);
        }
        return Double.parseDouble(values[0]);
    }

    private String startServer(PodmanClient client, String network, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("image", image);
        body.put("command", List.of("python3", "-I", "-c", SERVER));
        body.put("labels", LABELS);
        body.put("netns", Map.of("nsmode", "bridge"));
        body.put("Networks", Map.of(network, Map.of()));
        String id = client.containers().create(body).id();
        client.containers().start(id);
        return id;
    }

    private static String address(PodmanClient client, String id, String network) {
        JsonNode settings = client.containers().inspect(id).orElseThrow().raw().path("NetworkSettings")
            .path("Networks").path(network);
        return settings.path("IPAddress").asText();
    }
}
