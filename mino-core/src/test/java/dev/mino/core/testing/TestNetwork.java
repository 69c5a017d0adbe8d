package dev.mino.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mino.core.MinoException;
import dev.mino.core.internal.podman.DualStackNetworks;
import dev.mino.core.internal.podman.ExecApi;
import dev.mino.core.internal.podman.HijackedStream;
import dev.mino.core.internal.podman.NetworksApi;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.StreamDemultiplexer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A dual-stack (IPv4 and IPv6) Podman network that one test class creates, and the containers it
 * starts on it: web servers, DNS servers. Names carry a random run id, every object the label
 * {@code dev.mino.test=true}; {@link #close()} removes the containers and then the network, so a
 * class leaves nothing behind and two runs side by side never meet.
 */
public final class TestNetwork implements AutoCloseable {
    /** The label of everything tests create. */
    public static final Map<String, String> LABELS = Map.of("dev.mino.test", "true");

    private final PodmanClient podman;
    private final String name;
    private final String run;
    private final NetworksApi.Network network;
    private final List<String> containers = new CopyOnWriteArrayList<>();

    private TestNetwork(PodmanClient podman, String name, String run, NetworksApi.Network network) {
        this.podman = podman;
        this.name = name;
        this.run = run;
        this.network = network;
    }

    /** A started container on the network and its addresses there. */
    public record Container(String id, String name, String ipv4, String ipv6) {
    }

    /**
     * A busybox web server that answers every path with one line of text on each of its ports.
     *
     * @param name the container's name
     * @param ipv4 its IPv4 address on the network
     * @param ipv6 its IPv6 address on the network
     * @param text what it answers (without the line end)
     */
    public record WebServer(String name, String ipv4, String ipv6, String text) {
        /** {@code ipv4:port}. */
        public String v4(int port) {
            return ipv4 + ":" + port;
        }

        /** {@code [ipv6]:port}. */
        public String v6(int port) {
            return "[" + ipv6 + "]:" + port;
        }
    }

    /**
     * Creates a dual-stack network named {@code mino-it-<prefix>-<run id>}. Needs IPv6 in the
     * host's kernel: skips the test without it, except in CI (see {@link Prerequisites}).
     */
    public static TestNetwork dualStack(PodmanClient podman, String prefix) {
        Path disabled = Path.of("/proc/sys/net/ipv6/conf/all/disable_ipv6");
        try {
            Prerequisites.require(Files.exists(disabled) && Files.readString(disabled).strip().equals("0"),
                "IPv6 in the host's kernel, for a dual-stack Podman network");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        String name = "mino-it-" + prefix + "-" + run;
        return new TestNetwork(podman, name, run, DualStackNetworks.create(podman.address(), name, LABELS));
    }

    /** The network's name, for {@code podmanNetwork(...)}. */
    public String name() {
        return name;
    }

    /** The random id of this run, part of every name made here. */
    public String run() {
        return run;
    }

    /** The client this network was made with. */
    public PodmanClient podman() {
        return podman;
    }

    /** The network's IPv4 range in CIDR notation, for example {@code 10.89.3.0/24}. */
    public String ipv4Subnet() {
        return subnet(false);
    }

    /** The network's IPv6 range in CIDR notation, for example {@code fd4e:...::/64}. */
    public String ipv6Subnet() {
        return subnet(true);
    }

    private String subnet(boolean v6) {
        return network.subnets().stream().map(NetworksApi.Subnet::subnet).filter(s -> s.contains(":") == v6)
            .findFirst().orElseThrow(() -> new IllegalStateException("network " + name + " has no "
                + (v6 ? "IPv6" : "IPv4") + " subnet: " + network.subnets()));
    }

    /**
     * Starts a busybox {@code httpd} answering {@code text} on each port.
     *
     * @param shortName a name unique within the test class; the container's is made unique per run
     */
    public WebServer startWebServer(String shortName, String text, int... ports) {
        if (!text.matches("[A-Za-z0-9-]+") || ports.length == 0) {
            throw new IllegalArgumentException("a plain text and at least one port, not '" + text + "'");
        }
        StringBuilder script = new StringBuilder("mkdir -p /www && echo " + text + " > /www/index.html");
        for (int i = 0; i < ports.length; i++) {
            script.append(i == ports.length - 1 ? " && exec httpd -f" : " && httpd").append(" -p ").append(ports[i])
                .append(" -h /www");
        }
        Container c = start(shortName, TestPodman.BUSYBOX_IMAGE, List.of("sh", "-c", script.toString()));
        return new WebServer(c.name(), c.ipv4(), c.ipv6(), text);
    }

    /**
     * Starts a container on the network, removed again by {@link #close()}.
     *
     * @param shortName a name unique within the test class; the container's is made unique per run
     */
    public Container start(String shortName, String image, List<String> command) {
        String containerName = "mino-it-" + shortName + "-" + run;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", containerName);
        body.put("image", image);
        body.put("command", command);
        body.put("labels", LABELS);
        body.put("netns", Map.of("nsmode", "bridge"));
        body.put("Networks", Map.of(name, Map.of()));
        String id = podman.containers().create(body).id();
        containers.add(id);
        podman.containers().start(id);
        JsonNode settings = podman.containers().inspect(id).orElseThrow().raw().path("NetworkSettings")
            .path("Networks").path(name);
        Container started = new Container(id, containerName, settings.path("IPAddress").asText(),
            settings.path("GlobalIPv6Address").asText());
        if (started.ipv4().isEmpty() || !started.ipv6().contains(":")) {
            throw new IllegalStateException(containerName + " lacks an address on " + name + ": " + settings);
        }
        return started;
    }

    /** What a command run in a container by {@link #exec} printed, and its exit code. */
    public record Output(int exitCode, String stdout, String stderr) {
    }

    /** Runs a command in a container of this network (as its user) and waits for it. */
    public Output exec(String containerId, List<String> command) {
        String execId = podman.exec().create(containerId, new ExecApi.ExecConfig(command, null, null, null, false,
            false, true, true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (HijackedStream stream = podman.exec().start(execId, false)) {
            StreamDemultiplexer.copy(stream.output(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("running " + command + " in " + containerId + " failed", e);
        }
        return new Output(podman.exec().inspect(execId).exitCode(), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8));
    }

    /** Everything a container of this network printed so far: stdout, then stderr. */
    public String logs(String containerId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (InputStream in = podman.containers().logs(containerId, false, -1)) {
            StreamDemultiplexer.copy(in, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the logs of " + containerId + " failed", e);
        }
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    /** Removes every container started here, then the network; keeps going past failures. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (String id : containers) {
            try {
                podman.containers().remove(id, true);
            } catch (MinoException e) {
                failures.add(e);
            }
        }
        try {
            podman.networks().remove(name, true);
        } catch (MinoException e) {
            failures.add(e);
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("cleaning up network " + name + " failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }
}
