package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mino.core.PodmanConflictException;
import dev.mino.core.testing.RequiresPodman;
import dev.mino.core.testing.TestPodman;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RequiresPodman
class NetworksApiIT {
    private PodmanClient client;
    private final String run = TestObjects.uniqueName("run");
    private final List<String> networks = new ArrayList<>();
    private final List<String> containers = new ArrayList<>();

    @BeforeEach
    void connect() {
        client = TestPodman.newClient();
    }

    @AfterEach
    void cleanUp() {
        try {
            containers.forEach(id -> client.containers().remove(id, true));
            for (String name : networks) {
                // Only a network that carries this run's labels is ours to remove.
                if (client.networks().inspect(name).filter(n -> n.labels().equals(TestObjects.labels(run)))
                    .isPresent()) {
                    client.networks().remove(name, false);
                }
            }
        } finally {
            client.close();
        }
    }

    @Test
    void createsInspectsListsAndRemovesAnInternalNetwork() {
        String name = TestObjects.uniqueName("net");
        networks.add(name);

        NetworksApi.Network created = client.networks().create(name, TestObjects.labels(run), true);

        assertEquals(name, created.name());
        assertTrue(created.id().matches("[0-9a-f]{64}"), created.id());
        assertEquals("bridge", created.driver());
        assertTrue(created.internal());
        assertFalse(created.dnsEnabled());
        assertEquals(TestObjects.labels(run), created.labels());
        assertFalse(created.subnets().isEmpty());

        NetworksApi.Network inspected = client.networks().inspect(name).orElseThrow();
        assertEquals(created.id(), inspected.id());
        assertTrue(inspected.internal());
        assertEquals(created.subnets(), inspected.subnets());

        List<NetworksApi.Network> listed = client.networks().list(Filters.labels(TestObjects.labels(run)));
        assertEquals(List.of(name), listed.stream().map(NetworksApi.Network::name).toList());
        assertEquals(List.of(name), client.networks().list(new Filters().exactName(name)).stream()
            .map(NetworksApi.Network::name).toList());

        assertTrue(client.networks().remove(name, false));
        assertTrue(client.networks().inspect(name).isEmpty());
        assertFalse(client.networks().remove(name, false));
        assertEquals(List.of(), client.networks().list(Filters.labels(TestObjects.labels(run))));
    }

    @Test
    void anOrdinaryNetworkHasDnsAndAGateway() {
        String name = TestObjects.uniqueName("net");
        networks.add(name);

        NetworksApi.Network created = client.networks().create(name, TestObjects.labels(run), false);

        assertFalse(created.internal());
        assertTrue(created.dnsEnabled());
        assertTrue(created.subnets().get(0).gateway() != null, created.subnets().toString());
    }

    @Test
    void aSecondNetworkOfTheSameNameIsAConflict() {
        String name = TestObjects.uniqueName("net");
        networks.add(name);
        client.networks().create(name, TestObjects.labels(run), true);

        assertThrows(PodmanConflictException.class,
            () -> client.networks().create(name, TestObjects.labels(run), true));
    }

    @Test
    void aNetworkInUseIsOnlyRemovedByForceWhichTakesTheContainer() {
        String name = TestObjects.uniqueName("net");
        networks.add(name);
        client.networks().create(name, TestObjects.labels(run), true);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("image", TestPodman.BUSYBOX_IMAGE);
        spec.put("name", TestObjects.uniqueName("ctr"));
        spec.put("command", List.of("true"));
        spec.put("labels", TestObjects.labels(run));
        spec.put("netns", Map.of("nsmode", "bridge"));
        spec.put("Networks", Map.of(name, Map.of()));
        String id = client.containers().create(spec).id();
        containers.add(id);

        assertThrows(PodmanConflictException.class, () -> client.networks().remove(name, false));
        assertTrue(client.networks().inspect(name).isPresent());
        assertTrue(client.networks().remove(name, true));
        assertFalse(client.containers().exists(id));
    }

    @Test
    void aMissingNetworkIsAbsent() {
        String name = TestObjects.uniqueName("nope");

        assertTrue(client.networks().inspect(name).isEmpty());
        assertFalse(client.networks().remove(name, true));
    }
}
