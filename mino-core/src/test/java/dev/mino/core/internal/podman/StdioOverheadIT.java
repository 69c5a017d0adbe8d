package dev.mino.core.internal.podman;

import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestPodman;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Measures, and only prints, what the stdio transport costs per call against the Unix socket:
 * the median of 600 pings on a warm pooled connection (three rounds of 200, taken in turn after a
 * warm-up round), and of 20 pings that each open a new connection (as every attach and exec
 * does). No assertion on times: machines differ.
 */
@RequiresPodman
@Timeout(300)
class StdioOverheadIT {
    private static final int WARM_CALLS = 200;
    private static final int COLD_CALLS = 20;
    private static final int ROUNDS = 4;

    @Test
    void printsThePerCallOverheadOfEachTransport() throws Exception {
        Path socket = ((EngineAddress.Unix) TestPodman.address()).socket();
        String runtimeDir = socket.getParent().getParent().toString();
        Map<String, EngineAddress> transports = new LinkedHashMap<>();
        transports.put("unix socket", TestPodman.address());
        transports.put("stdio: podman system dial-stdio", new EngineAddress.Stdio(List.of("runuser", "-u",
            TestSshd.USER, "--", "env", "XDG_RUNTIME_DIR=" + runtimeDir, "podman", "--remote", "--url",
            "unix://" + socket, "system", "dial-stdio"), "local dial-stdio"));
        try (TestSshd sshd = TestSshd.start(socket)) {
            transports.put("stdio: ssh to 127.0.0.1 + dial-stdio",
                EngineAddress.parse(sshd.uri(socket), sshd.environment(sshd.clientKey(), true)));
            Map<String, PodmanClient> clients = new LinkedHashMap<>();
            transports.forEach((name, address) -> clients.put(name, PodmanClient.create(address,
                Duration.ofSeconds(30))));
            try {
                // Rounds in turn, so that JIT warm-up and machine noise do not favour one transport.
                Map<String, double[]> warm = new LinkedHashMap<>();
                for (int round = 0; round < ROUNDS; round++) {
                    for (Map.Entry<String, PodmanClient> client : clients.entrySet()) {
                        double[] millis = warmPings(client.getValue());
                        if (round > 0) {
                            warm.merge(client.getKey(), millis, StdioOverheadIT::concat);
                        }
                    }
                }
                StringBuilder report = new StringBuilder("\nPer-call cost of GET /_ping (milliseconds; warm: "
                    + (ROUNDS - 1) + " x " + WARM_CALLS + " calls on a pooled connection after a warm-up round; "
                    + "new connection: " + COLD_CALLS + " calls):\n");
                report.append(String.format("  %-40s %12s %10s %20s%n", "transport", "warm median", "warm p90",
                    "new-conn median"));
                for (Map.Entry<String, EngineAddress> transport : transports.entrySet()) {
                    double[] millis = warm.get(transport.getKey());
                    double[] cold = coldPings(transport.getValue());
                    report.append(String.format("  %-40s %12.3f %10.3f %20.1f%n", transport.getKey(),
                        percentile(millis, 50), percentile(millis, 90), percentile(cold, 50)));
                }
                System.out.println(report);
            } finally {
                clients.values().forEach(PodmanClient::close);
            }
        }
    }

    private static double[] warmPings(PodmanClient client) {
        double[] millis = new double[WARM_CALLS];
        for (int i = 0; i < WARM_CALLS; i++) {
            long start = System.nanoTime();
            client.ping();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static double[] coldPings(EngineAddress address) {
        double[] millis = new double[COLD_CALLS];
        for (int i = 0; i < COLD_CALLS; i++) {
            try (PodmanClient client = PodmanClient.create(address, Duration.ofSeconds(30))) {
                long start = System.nanoTime();
                client.ping();
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        return millis;
    }

    private static double percentile(double[] values, int percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }
}
