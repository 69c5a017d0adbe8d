package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestPodman;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stdio transport against the Unix socket of the same Podman: {@code podman system dial-stdio}
 * run locally as the socket's owner (what the OrbStack engine runs in its VM) answers exactly as
 * the socket does, and a pooled connection is one process for many calls. Timings are the
 * benchmark's business (TransportBenchmark), not a test's.
 */
@RequiresPodman
@Timeout(120)
class DialStdioTransportIT {
    @TempDir
    Path dir;

    /** dial-stdio as the socket's owner, each start recorded as a line in {@code starts}. */
    static EngineAddress.Stdio dialStdio(Path socket, Path starts) {
        String runtimeDir = socket.getParent().getParent().toString();
        return new EngineAddress.Stdio(List.of("sh", "-c", "echo started >> \"$0\"; exec runuser -u \"$1\" -- env "
            + "XDG_RUNTIME_DIR=\"$2\" podman --remote --url \"unix://$3\" system dial-stdio", starts.toString(),
            TestSshd.USER, runtimeDir, socket.toString()), "local dial-stdio");
    }

    @Test
    void bothTransportsGiveTheSameAnswersAndAPooledConnectionIsOneProcess() throws Exception {
        Path socket = ((EngineAddress.Unix) TestPodman.address()).socket();
        Path starts = dir.resolve("starts.log");
        String label = "mino-it-stdio-" + UUID.randomUUID().toString().substring(0, 8);
        try (PodmanClient unix = PodmanClient.create(TestPodman.address(), Duration.ofSeconds(30));
             PodmanClient stdio = PodmanClient.create(dialStdio(socket, starts), Duration.ofSeconds(30))) {
            assertEquals(unix.ping(), stdio.ping());
            assertEquals(unix.version(), stdio.version());
            assertEquals(unix.info().path("host").path("security"), stdio.info().path("host").path("security"));
            for (int i = 0; i < 50; i++) {
                stdio.ping();
            }
            assertEquals(1, Files.readAllLines(starts).size(), "53 calls in a row share one dial-stdio process");

            // A container made through one transport is seen alike through the other.
            String id = stdio.containers().create(Map.of("image", TestPodman.BUSYBOX_IMAGE, "command", List.of("true"),
                "labels", Map.of("dev.mino.test", "true", label, "1"))).id();
            try {
                List<String> viaUnix = unix.containers().list(Filters.labels(Map.of(label, "1")), true).stream()
                    .map(ContainerSummary::id).toList();
                List<String> viaStdio = stdio.containers().list(Filters.labels(Map.of(label, "1")), true).stream()
                    .map(ContainerSummary::id).toList();
                assertEquals(List.of(id), viaUnix);
                assertEquals(viaUnix, viaStdio);
            } finally {
                unix.containers().remove(id, true);
            }
            assertEquals(List.of(), stdio.containers().list(Filters.labels(Map.of(label, "1")), true));
        }
    }
}
