package dev.mino.core.testing;

import dev.mino.core.internal.podman.PodmanClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Busybox web servers on a Podman network of a test's own, for network tests: each serves one line
 * of text on the ports it is given. {@link #close()} removes the servers and the network.
 */
public final class WebServers implements AutoCloseable {
    private static final Map<String, String> TEST_LABELS = Map.of("dev.mino.test", "true");

    private final PodmanClient podman;
    private final String network;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> servers = new ArrayList<>();

    private WebServers(PodmanClient podman, String prefix) {
        this.podman = podman;
        this.network = prefix + "-net-" + run;
        podman.networks().create(network, TEST_LABELS, false);
    }

    /**
     * A new network named {@code <prefix>-net-<random>}.
     *
     * @param podman the client, which the caller closes after this
     * @param prefix the start of the names of the network and the servers, such as {@code mino-it}
     */
    public static WebServers on(PodmanClient podman, String prefix) {
        return new WebServers(podman, prefix);
    }

    /** The network's name, for {@code SandboxBuilder.podmanNetwork}. */
    public String network() {
        return network;
    }

    /** The name a server started as {@code letter} has (Podman's DNS on the network answers it). */
    public String name(String letter) {
        return network.replace("-net-", "-" + letter + "-");
    }

    /**
     * Starts a server that answers {@code text} on each of {@code ports}.
     *
     * @return its IPv4 address on the network
     */
    public String start(String letter, String text, int... ports) {
        StringBuilder script = new StringBuilder("mkdir -p /www && echo " + text + " > /www/index.html");
        for (int port : ports) {
            script.append(" && httpd -p ").append(port).append(" -h /www");
        }
        script.append(" && exec sleep 100000");
        String id = podman.containers().create(Map.of("name", name(letter), "image", TestPodman.BUSYBOX_IMAGE,
            "command", List.of("sh", "-c", script.toString()), "labels", TEST_LABELS,
            "netns", Map.of("nsmode", "bridge"), "Networks", Map.of(network, Map.of()))).id();
        servers.add(id);
        podman.containers().start(id);
        return podman.containers().inspect(id).orElseThrow().raw().path("NetworkSettings").path("Networks")
            .path(network).path("IPAddress").asText();
    }

    @Override
    public void close() {
        for (String id : servers) {
            podman.containers().remove(id, true);
        }
        podman.networks().remove(network, true);
    }
}
