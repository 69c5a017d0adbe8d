package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.PodmanConflictException;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestPodman;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RequiresPodman
class SecretsApiIT {
    private PodmanClient client;
    private final String run = TestObjects.uniqueName("run");
    private final List<String> secrets = new ArrayList<>();
    private final List<String> containers = new ArrayList<>();

    @BeforeEach
    void connect() {
        client = TestPodman.newClient();
    }

    @AfterEach
    void cleanUp() {
        try {
            containers.forEach(id -> client.containers().remove(id, true));
            for (String name : secrets) {
                // Only a secret that carries this run's labels is ours to remove.
                if (client.secrets().inspect(name).filter(s -> s.labels().equals(TestObjects.labels(run)))
                    .isPresent()) {
                    client.secrets().remove(name);
                }
            }
        } finally {
            client.close();
        }
    }

    private static byte[] value() {
        return ("s3cr3t-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void createsListsInspectsAndRemovesASecret() {
        String name = TestObjects.uniqueName("sec");
        secrets.add(name);

        String id = client.secrets().create(name, value(), TestObjects.labels(run));

        assertTrue(id.matches("[0-9a-f]+"), id);
        SecretsApi.Secret inspected = client.secrets().inspect(name).orElseThrow();
        assertEquals(id, inspected.id());
        assertEquals(name, inspected.name());
        assertEquals(TestObjects.labels(run), inspected.labels());
        List<SecretsApi.Secret> listed = client.secrets().list(new Filters().exactName(name));
        assertEquals(List.of(id), listed.stream().map(SecretsApi.Secret::id).toList());
        assertEquals(name, listed.get(0).name());

        assertTrue(client.secrets().remove(name));
        assertTrue(client.secrets().inspect(name).isEmpty());
        assertEquals(List.of(), client.secrets().list(new Filters().exactName(name)));
        assertFalse(client.secrets().remove(name));
    }

    @Test
    void aSecondSecretOfTheSameNameIsAConflictThatDoesNotShowTheValue() {
        String name = TestObjects.uniqueName("sec");
        secrets.add(name);
        client.secrets().create(name, value(), TestObjects.labels(run));
        byte[] second = value();

        PodmanConflictException e = assertThrows(PodmanConflictException.class,
            () -> client.secrets().create(name, second, TestObjects.labels(run)));

        assertFalse(e.describe().contains(new String(second, StandardCharsets.UTF_8)), e.describe());
    }

    @Test
    void anEmptyValueIsRefusedWithoutAskingPodman() {
        String name = TestObjects.uniqueName("sec");

        assertThrows(IllegalArgumentException.class,
            () -> client.secrets().create(name, new byte[0], TestObjects.labels(run)));
        assertTrue(client.secrets().inspect(name).isEmpty());
    }

    @Test
    void aMountedSecretIsReadableInTheContainerButNotInItsInspect() throws IOException {
        String name = TestObjects.uniqueName("sec");
        secrets.add(name);
        byte[] value = value();
        String text = new String(value, StandardCharsets.UTF_8);
        client.secrets().create(name, value, TestObjects.labels(run));

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("image", TestPodman.BUSYBOX_IMAGE);
        spec.put("name", TestObjects.uniqueName("ctr"));
        spec.put("command", List.of("cat", "/creds/x"));
        spec.put("user", "1000:1000");
        spec.put("labels", TestObjects.labels(run));
        spec.put("netns", Map.of("nsmode", "none"));
        spec.put("read_only_filesystem", true);
        spec.put("mounts", List.of(Map.of("destination", "/creds", "type", "tmpfs", "source", "tmpfs",
            "options", List.of("rw", "size=1m"))));
        spec.put("secrets", List.of(Map.of("Source", name, "Target", "/creds/x", "UID", 1000, "GID", 1000,
            "Mode", 256)));
        String id = client.containers().create(spec).id();
        containers.add(id);
        client.containers().start(id);

        assertEquals(0, client.containers().waitForExit(id, Duration.ofMillis(20)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream logs = client.containers().logs(id, false, -1)) {
            StreamDemultiplexer.copy(logs, out, out);
        }
        assertEquals(text, out.toString(StandardCharsets.UTF_8));
        String inspect = client.containers().inspect(id).orElseThrow().raw().toString();
        assertTrue(inspect.contains(name), "inspect names the secret");
        assertFalse(inspect.contains(text), "inspect must not contain the secret value");
    }
}
