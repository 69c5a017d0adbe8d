package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestPodman;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The regression test for the Unix socket's read timeout: after 10 s idle, OkHttp checks a pooled
 * connection before a POST with a 1 ms read, which hangs for good on a socket that ignores timeouts.
 */
@RequiresPodman
class IdleConnectionIT {

    @Test
    @Timeout(60)
    void aPostAfterMoreThanTenSecondsIdleReusesOrReplacesTheConnectionWithoutHanging() throws Exception {
        try (PodmanClient client = PodmanClient.create(TestPodman.address(), Duration.ofSeconds(20))) {
            client.ping();
            Thread.sleep(11_000);
            long start = System.nanoTime();
            ContainerCreated created = client.containers().create(Map.of("image", TestPodman.BUSYBOX_IMAGE,
                "command", List.of("true"), "labels", Map.of("dev.mino.test", "true")));
            try {
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 10_000, "create after idle took " + millis + " ms");
            } finally {
                client.containers().remove(created.id(), true);
            }
        }
    }
}
