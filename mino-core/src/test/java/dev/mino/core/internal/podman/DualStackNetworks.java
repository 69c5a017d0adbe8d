package dev.mino.core.internal.podman;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Podman networks with IPv6 as well as IPv4, for tests that prove IPv6 containment. Mino itself
 * never creates one ({@link NetworksApi#create} makes IPv4 networks), so this lives with the tests.
 */
public final class DualStackNetworks {
    private DualStackNetworks() {
    }

    /**
     * Creates a bridge network with an IPv4 and an IPv6 subnet (Podman picks both) and DNS.
     *
     * @return the network as Podman describes it; remove it with {@link NetworksApi#remove}
     */
    public static NetworksApi.Network create(EngineAddress engine, String name, Map<String, String> labels) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("driver", "bridge");
        body.put("labels", labels);
        body.put("ipv6_enabled", true);
        body.put("dns_enabled", true);
        PodmanTransport transport = new PodmanTransport(engine, Duration.ofSeconds(60));
        try {
            return transport.call(transport.post("networks/create", Map.of(), transport.jsonBody(body)).build(),
                "create network " + name, NetworksApi.Network.class);
        } finally {
            transport.close();
        }
    }
}
