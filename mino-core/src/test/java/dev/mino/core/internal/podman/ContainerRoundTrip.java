package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.testing.TestPodman;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One container run through a client, using every kind of connection: JSON calls, a hijacked
 * attach with stdin (half-closed to end input), a long wait, and a logs stream.
 */
public final class ContainerRoundTrip {
    private ContainerRoundTrip() {
    }

    /** Attach with stdin, start, feed a line, check output and exit code 3, read the logs, remove. */
    public static void run(PodmanClient client) throws Exception {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("image", TestPodman.BUSYBOX_IMAGE);
        spec.put("name", "mino-it-stdio-" + UUID.randomUUID().toString().substring(0, 8));
        spec.put("command", List.of("sh", "-c", "read line; echo \"got:$line\"; echo oops >&2; exit 3"));
        spec.put("stdin", true);
        spec.put("labels", Map.of("dev.mino.test", "true"));
        spec.put("netns", Map.of("nsmode", "none"));
        String id = client.containers().create(spec).id();
        try {
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            try (HijackedStream stream = client.containers().attach(id, true)) {
                client.containers().start(id);
                stream.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
                stream.closeStdin();
                StreamDemultiplexer.copy(stream.output(), stdout, stderr);
            }
            assertEquals("got:hello\n", stdout.toString(StandardCharsets.UTF_8));
            assertEquals("oops\n", stderr.toString(StandardCharsets.UTF_8));
            assertEquals(3, client.containers().waitForExit(id, Duration.ofMillis(50)));
            ByteArrayOutputStream logged = new ByteArrayOutputStream();
            try (InputStream logs = client.containers().logs(id, false, -1)) {
                StreamDemultiplexer.copy(logs, logged, logged);
            }
            assertTrue(logged.toString(StandardCharsets.UTF_8).contains("got:hello"), logged.toString());
        } finally {
            client.containers().remove(id, true);
        }
    }
}
