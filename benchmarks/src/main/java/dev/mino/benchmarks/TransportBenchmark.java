package dev.mino.benchmarks;

import dev.mino.core.internal.podman.EngineAddress;
import dev.mino.core.internal.podman.PodmanClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the stdio transport (a child process per connection, as for {@code ssh://} and OrbStack
 * engines) costs per call against the Unix socket, on the same Podman service in the same run:
 * {@code GET /_ping} on a warm pooled connection, and on a new connection each time (as every
 * attach and exec opens one). Transports:
 * <ul>
 *   <li>the Unix socket of {@code CONTAINER_HOST} (the reference);</li>
 *   <li>{@code podman system dial-stdio} run locally as the socket's owner, which is what the
 *       OrbStack engine's {@code orb -m VM podman system dial-stdio} amounts to, less OrbStack's
 *       own relay;</li>
 *   <li>{@code ssh} to an sshd of the benchmark's own on 127.0.0.1 running that dial-stdio, when
 *       this JVM runs as root with {@code /usr/sbin/sshd} installed (see {@link LocalSshd}).</li>
 * </ul>
 * Warm calls are taken in interleaved rounds (the first one only warms up), so that drift in the
 * machine's load hits every transport alike; medians are reported with the ratio to the socket.
 *
 * <p>Runs on its own ({@code main}) or as part of {@link SandboxBenchmark}. Settings:
 * {@code CONTAINER_HOST} (required, a {@code unix://} address), system properties
 * {@code transportRounds} (default 5, each of {@code warmCalls} calls, default 200),
 * {@code newConnections} (default 20) and {@code ssh} ({@code false} to leave ssh out).
 */
public final class TransportBenchmark {
    private final EngineAddress.Unix reference;
    private final int rounds;
    private final int warmCalls;
    private final int newConnections;
    private final boolean ssh;

    TransportBenchmark(EngineAddress.Unix reference, int rounds, int warmCalls, int newConnections, boolean ssh) {
        this.reference = reference;
        this.rounds = rounds;
        this.warmCalls = warmCalls;
        this.newConnections = newConnections;
        this.ssh = ssh;
    }

    public static void main(String[] args) throws Exception {
        String engine = System.getenv("CONTAINER_HOST");
        if (engine == null || !engine.startsWith("unix://")) {
            System.err.println("Set CONTAINER_HOST to the unix:// socket of the Podman service to measure "
                + "(scripts/test-podman.sh prints it).");
            System.exit(2);
        }
        standard(engine).run();
    }

    /** The benchmark of the socket {@code engine} names, with the settings of the system properties. */
    static TransportBenchmark standard(String engine) {
        return new TransportBenchmark((EngineAddress.Unix) EngineAddress.parse(engine),
            Integer.getInteger("transportRounds", 5), Integer.getInteger("warmCalls", 200),
            Integer.getInteger("newConnections", 20), !"false".equals(System.getProperty("ssh")));
    }

    /** Measures and prints the table. */
    void run() throws Exception {
        Path socket = reference.socket();
        String owner = Files.getOwner(socket).getName();
        boolean asOwner = owner.equals(System.getProperty("user.name"));
        Map<String, EngineAddress> transports = new LinkedHashMap<>();
        transports.put("unix socket (reference)", reference);
        transports.put("stdio: podman system dial-stdio", dialStdio(socket, owner, asOwner));
        LocalSshd sshd = null;
        String sshNote = "";
        if (!ssh) {
            sshNote = "ssh left out (-Dssh=false)";
        } else if (!LocalSshd.usable()) {
            sshNote = "ssh left out: it needs root and /usr/sbin/sshd";
        } else {
            try {
                sshd = LocalSshd.start(owner, socket);
                transports.put("stdio: ssh 127.0.0.1 + dial-stdio", sshd.address(socket));
            } catch (Exception e) {
                sshNote = "ssh left out: " + e.getMessage();
            }
        }
        System.out.printf(Locale.ROOT, "Transport benchmark: %s (owned by %s), GET /_ping; warm: %d rounds of %d "
            + "calls after a warm-up round; new connection: %d calls%n", reference.uri(), owner, rounds - 1,
            warmCalls, newConnections);
        if (!sshNote.isEmpty()) {
            System.out.println(sshNote);
        }
        try {
            Map<String, List<Double>> warm = warmMillis(transports);
            Map<String, List<Double>> fresh = new LinkedHashMap<>();
            for (Map.Entry<String, EngineAddress> transport : transports.entrySet()) {
                fresh.put(transport.getKey(), newConnectionMillis(transport.getValue()));
            }
            double warmReference = SandboxBenchmark.median(warm.values().iterator().next());
            double freshReference = SandboxBenchmark.median(fresh.values().iterator().next());
            System.out.printf(Locale.ROOT, "%-36s %12s %9s %12s %16s %9s %12s%n", "transport", "warm median",
                "ratio", "overhead", "new-conn median", "ratio", "overhead");
            for (String name : transports.keySet()) {
                double w = SandboxBenchmark.median(warm.get(name));
                double f = SandboxBenchmark.median(fresh.get(name));
                System.out.printf(Locale.ROOT, "%-36s %9.3f ms %8.2fx %+9.3f ms %13.1f ms %8.1fx %+9.1f ms%n", name,
                    w, w / warmReference, w - warmReference, f, f / freshReference, f - freshReference);
            }
        } finally {
            if (sshd != null) {
                sshd.close();
            }
        }
    }

    /** dial-stdio relaying to {@code socket}, run as its owner (through runuser when this JVM is root). */
    private static EngineAddress.Stdio dialStdio(Path socket, String owner, boolean asOwner) {
        List<String> command = new ArrayList<>();
        if (!asOwner) {
            command.addAll(List.of("runuser", "-u", owner, "--", "env",
                "XDG_RUNTIME_DIR=" + socket.getParent().getParent()));
        }
        command.addAll(List.of("podman", "--remote", "--url", "unix://" + socket, "system", "dial-stdio"));
        return new EngineAddress.Stdio(command, "local dial-stdio");
    }

    private Map<String, List<Double>> warmMillis(Map<String, EngineAddress> transports) {
        Map<String, PodmanClient> clients = new LinkedHashMap<>();
        transports.forEach((name, address) -> clients.put(name, PodmanClient.create(address, Duration.ofSeconds(30))));
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        try {
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<String, PodmanClient> client : clients.entrySet()) {
                    List<Double> times = new ArrayList<>();
                    for (int i = 0; i < warmCalls; i++) {
                        long start = System.nanoTime();
                        client.getValue().ping();
                        times.add((System.nanoTime() - start) / 1e6);
                    }
                    if (round > 0) {
                        millis.computeIfAbsent(client.getKey(), k -> new ArrayList<>()).addAll(times);
                    }
                }
            }
        } finally {
            clients.values().forEach(PodmanClient::close);
        }
        return millis;
    }

    /** A new client per call, so that each ping opens (and for stdio, starts) its connection. */
    private List<Double> newConnectionMillis(EngineAddress address) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < newConnections; i++) {
            try (PodmanClient client = PodmanClient.create(address, Duration.ofSeconds(30))) {
                long start = System.nanoTime();
                client.ping();
                millis.add((System.nanoTime() - start) / 1e6);
            }
        }
        return millis;
    }
}
