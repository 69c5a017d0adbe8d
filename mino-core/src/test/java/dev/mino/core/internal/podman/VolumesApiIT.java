package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.PodmanConflictException;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestPodman;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RequiresPodman
class VolumesApiIT {
    private PodmanClient client;
    private final String run = TestObjects.uniqueName("run");
    private final List<String> volumes = new ArrayList<>();

    @BeforeEach
    void connect() {
        client = TestPodman.newClient();
    }

    @AfterEach
    void cleanUp() {
        try {
            for (String name : volumes) {
                // Only a volume that carries this run's labels is ours to remove.
                if (client.volumes().inspect(name).filter(v -> v.labels().equals(TestObjects.labels(run)))
                    .isPresent()) {
                    client.volumes().remove(name, false);
                }
            }
        } finally {
            client.close();
        }
    }

    @Test
    void createsListsInspectsAndRemovesAVolume() {
        String name = TestObjects.uniqueName("vol");
        volumes.add(name);

        VolumesApi.Volume created = client.volumes().create(name, TestObjects.labels(run));

        assertEquals(name, created.name());
        assertEquals(TestObjects.labels(run), created.labels());
        assertEquals("local", created.driver());
        assertTrue(created.mountpoint().endsWith("/" + name + "/_data"), created.mountpoint());
        assertTrue(client.volumes().exists(name));

        List<VolumesApi.Volume> byLabel = client.volumes().list(Filters.labels(TestObjects.labels(run)));
        assertEquals(List.of(name), byLabel.stream().map(VolumesApi.Volume::name).toList());
        List<VolumesApi.Volume> byName = client.volumes().list(new Filters().exactName(name));
        assertEquals(List.of(name), byName.stream().map(VolumesApi.Volume::name).toList());
        assertEquals(List.of(), client.volumes().list(Filters.labels(Map.of("dev.mino.test.run", run + "-other"))));

        VolumesApi.Volume inspected = client.volumes().inspect(name).orElseThrow();
        assertEquals(created.mountpoint(), inspected.mountpoint());
        assertEquals(TestObjects.labels(run), inspected.labels());
        assertEquals(0, inspected.mountCount());

        assertTrue(client.volumes().remove(name, false));
        assertFalse(client.volumes().exists(name));
        assertTrue(client.volumes().inspect(name).isEmpty());
        assertFalse(client.volumes().remove(name, false));
        assertFalse(client.volumes().remove(name, true));
    }

    @Test
    void aSecondVolumeOfTheSameNameIsAConflict() {
        String name = TestObjects.uniqueName("vol");
        volumes.add(name);
        client.volumes().create(name, TestObjects.labels(run));

        PodmanConflictException e = assertThrows(PodmanConflictException.class,
            () -> client.volumes().create(name, Map.of(TestObjects.TEST_LABEL, "true", "dev.mino.test.run", run)));

        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertEquals(TestObjects.labels(run), client.volumes().inspect(name).orElseThrow().labels());
    }

    @Test
    void aMissingVolumeIsAbsentEverywhere() {
        String name = TestObjects.uniqueName("nope");

        assertFalse(client.volumes().exists(name));
        assertTrue(client.volumes().inspect(name).isEmpty());
        assertFalse(client.volumes().remove(name, false));
        assertEquals(List.of(), client.volumes().list(new Filters().exactName(name)));
    }
}
